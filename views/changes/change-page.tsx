import type { ChangeRecord } from '../../src/changes/changes.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

const TONE: Record<ChangeRecord['state'], 'ok' | 'bad' | 'warn' | 'info'> = {
  validating: 'info',
  applying: 'info',
  verifying: 'warn',
  kept: 'ok',
  reverted: 'warn',
  failed: 'bad',
  lost: 'bad',
}
const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

export function ChangeStateBadge(p: { state: ChangeRecord['state'] }) {
  return <StatusBadge label={p.state} tone={TONE[p.state]} />
}

/** One change: state (live over SSE while it runs), countdown, message, script, per-operation results, "Keep". */
export function ChangePanel(p: {
  change: ChangeRecord
  canOperate: boolean
  csrfToken: string
  now: number
}) {
  const c = p.change
  const running = c.finishedAt === null
  const base = `/devices/${c.deviceId}/changes/${c.id}`
  return (
    <section
      class="card change-panel"
      data-testid="change"
      {...(running
        ? {
            'data-change-live': `${base}/live`,
            'data-change-state': `${c.state}:${c.awaitingKeep ? 1 : 0}`,
          }
        : {})}
    >
      <div class="page-header">
        <h2>
          Change {c.id} <ChangeStateBadge state={c.state} />
        </h2>
        {p.canOperate && running && c.awaitingKeep && (
          <form method="post" action={`${base}/keep`} class="inline-form">
            <CsrfField token={p.csrfToken} />
            <button type="submit" class="button">
              Keep this change
            </button>
          </form>
        )}
      </div>
      <p>
        {c.mode === 'safe' ? 'Safe apply' : 'Standard apply'}
        {c.mode === 'safe'
          ? `, ${c.confirm === 'manual' ? 'manual' : 'automatic'} confirmation, window ${c.windowS} s`
          : ''}{' '}
        · by {c.actor.name} · {at(c.createdAt)} · from {c.source}
      </p>
      {running && c.deadlineAt !== null && (
        <p data-testid="countdown">
          The device restores itself at <strong>{at(c.deadlineAt)}</strong> unless the change is{' '}
          {c.confirm === 'manual' ? 'kept' : 'verified'}:{' '}
          <span data-deadline={String(c.deadlineAt)}>
            {Math.max(0, Math.ceil((c.deadlineAt - p.now) / 1000))} s
          </span>{' '}
          left.
        </p>
      )}
      {c.message !== null && <p data-testid="change-message">{c.message}</p>}
      <h3>Script</h3>
      <pre class="config-text">{c.script}</pre>
      {c.results.length > 0 && (
        <table class="data-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Result</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {c.results.map((r) => (
              <tr>
                <td>{r.index + 1}</td>
                <td>{r.status}</td>
                <td>{r.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** Changes tab: the device's change history, newest first. */
export function ChangesTab(p: { deviceId: string; changes: readonly ChangeRecord[] }) {
  return (
    <div id="device-tab">
      <section class="card">
        <h2>Change history</h2>
        {p.changes.length === 0 ? (
          <p class="muted">No changes made through Outpost yet.</p>
        ) : (
          <table class="data-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>From</th>
                <th>Mode</th>
                <th>State</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {p.changes.map((c) => (
                <tr>
                  <td>
                    <a href={`/devices/${p.deviceId}/changes/${c.id}`}>{at(c.createdAt)}</a>
                  </td>
                  <td>{c.actor.name}</td>
                  <td>{c.source}</td>
                  <td>{c.mode}</td>
                  <td>
                    <ChangeStateBadge state={c.state} />
                  </td>
                  <td>{c.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
