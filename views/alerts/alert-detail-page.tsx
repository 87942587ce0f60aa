import type { AlertView, DeliveryView } from '../../src/alerts/alerts.types.ts'
import { AlertRows } from './alert-rows.tsx'

export interface AlertDetailPageProps {
  alert: AlertView
  deliveries: DeliveryView[]
  now: number
  canOperate: boolean
  csrfToken: string
}

const iso = (t: number | null) =>
  t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

/** One alert: its facts and every notification queued for it, per channel, with the outcome. */
export function AlertDetailPage(props: AlertDetailPageProps) {
  const a = props.alert
  return (
    <section>
      <p class="muted">
        <a href="/alerts">← Alerts</a>
      </p>
      <h1>{a.message}</h1>
      <AlertRows
        alerts={[a]}
        now={props.now}
        canOperate={props.canOperate}
        csrfToken={props.csrfToken}
        back={`/alerts/${a.id}`}
      />
      <dl class="facts">
        <dt>Rule</dt>
        <dd>{a.rule}</dd>
        <dt>Opened</dt>
        <dd>{iso(a.openedAt)}</dd>
        <dt>Acknowledged</dt>
        <dd>
          {iso(a.ackedAt)}
          {a.ackedBy !== null && ` by ${a.ackedBy}`}
          {a.ackNote !== null && ` — ${a.ackNote}`}
        </dd>
        <dt>Resolved</dt>
        <dd>{iso(a.resolvedAt)}</dd>
      </dl>
      <h2>Notifications</h2>
      {props.deliveries.length === 0 ? (
        <p class="muted">
          {a.silenced
            ? 'None: the device was in a maintenance window.'
            : 'None queued (no channel takes this alert).'}
        </p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Message</th>
              <th scope="col">Outcome</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr>
                <td>{d.channelName}</td>
                <td>{d.event}</td>
                <td>
                  {d.state === 'sent'
                    ? `sent ${iso(d.sentAt)}`
                    : d.state === 'pending'
                      ? `pending, next try ${iso(d.nextAttemptAt)}`
                      : d.state}
                </td>
                <td>{String(d.attempts)}</td>
                <td>{d.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
