import type { AlertView } from '../../src/alerts/alerts.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { relativeTime } from '../devices/relative-time.ts'

export interface AlertRowsProps {
  alerts: AlertView[]
  now: number
  canOperate: boolean
  csrfToken: string
  /** hide the device column (device page) */
  hideDevice?: boolean
  /** where the ack/resolve forms return to */
  back: string
}

export function SeverityBadge(props: { severity: string }) {
  return (
    <span
      class={`badge badge-${props.severity === 'critical' ? 'danger' : props.severity === 'warning' ? 'warning' : 'muted'}`}
    >
      {props.severity}
    </span>
  )
}

/** A table of alerts with acknowledge (note) and resolve actions for operators. */
export function AlertRows(props: AlertRowsProps) {
  if (props.alerts.length === 0) return <p class="muted">No alerts.</p>
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">Alerts</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            {!props.hideDevice && <th scope="col">Device</th>}
            <th scope="col">What</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            {props.canOperate && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => (
            <tr data-alert-id={a.id}>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              {!props.hideDevice && (
                <td>
                  <a href={`/devices/${a.deviceId}`}>{a.deviceName}</a>
                </td>
              )}
              <td>
                <a href={`/alerts/${a.id}`}>{a.message}</a>
                {a.silenced && <span class="muted"> (maintenance: not notified)</span>}
              </td>
              <td>
                {a.state}
                {a.state === 'acknowledged' && a.ackedBy !== null && (
                  <span class="muted">
                    {' '}
                    by {a.ackedBy}
                    {a.ackNote !== null ? `: ${a.ackNote}` : ''}
                  </span>
                )}
              </td>
              <td title={new Date(a.openedAt).toISOString()}>
                {relativeTime(a.openedAt, props.now)}
              </td>
              {props.canOperate && (
                <td>
                  {a.state === 'open' && (
                    <form method="post" action={`/alerts/${a.id}/ack`} class="inline-form">
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="back" value={props.back} />
                      <input
                        name="note"
                        placeholder="Note (optional)"
                        aria-label="Acknowledgement note"
                        maxlength={1000}
                      />
                      <button class="button button-small" type="submit">
                        Acknowledge
                      </button>
                    </form>
                  )}
                  {a.state !== 'resolved' && (
                    <form method="post" action={`/alerts/${a.id}/resolve`} class="inline-form">
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="back" value={props.back} />
                      <button class="button button-small" type="submit">
                        Resolve
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
