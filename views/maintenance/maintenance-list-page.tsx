import type { WindowView } from '../../src/maintenance/maintenance.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

export interface MaintenanceListPageProps {
  windows: WindowView[]
  timeZone: string
  canOperate: boolean
  canAdmin: boolean
  csrfToken: string
  now: number
  error?: string | undefined
}

function when(w: WindowView, tz: string): string {
  if (w.kind === 'once')
    return `${w.startsLocal.replace('T', ' ')} → ${w.endsLocal.replace('T', ' ')} (${tz})`
  return `${w.days.join(', ')} at ${w.startTime} for ${w.durationMin} min (${tz})`
}

/** Maintenance windows: alerts inside one are recorded but not notified until it ends. */
export function MaintenanceListPage(p: MaintenanceListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Maintenance windows</h1>
        {p.canOperate && (
          <div class="actions">
            <a class="button" href="/maintenance/new">
              New window
            </a>
          </div>
        )}
      </div>
      <p class="muted">
        Alerts that open inside a window are recorded and shown, but nobody is notified. If an alert
        is still open when the window ends, it is notified then.
      </p>
      {p.windows.length === 0 ? (
        <p class="muted">No maintenance windows yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">Maintenance windows</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Applies to</th>
                <th scope="col">When</th>
                <th scope="col">Now</th>
                {p.canOperate && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {p.windows.map((w) => (
                <tr id={`window-${w.id}`}>
                  <td>{w.name}</td>
                  <td>
                    {w.scopeKind === 'tenant' ? 'whole tenant' : `${w.scopeKind}: ${w.scopeName}`}
                  </td>
                  <td>{when(w, p.timeZone)}</td>
                  <td>
                    {w.openUntil !== null ? (
                      <StatusBadge
                        label={`in maintenance for ${Math.ceil((w.openUntil - p.now) / 60_000)} more min`}
                        tone="warn"
                      />
                    ) : (
                      <span class="muted">closed</span>
                    )}
                  </td>
                  {p.canOperate && (
                    <td>
                      <a href={`/maintenance/${w.id}/edit`}>Edit</a>{' '}
                      <ConfirmButton
                        action={`/maintenance/${w.id}/delete`}
                        label="Delete"
                        tone="danger"
                        confirm={`Delete ${w.name}?`}
                        csrfToken={p.csrfToken}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Time zone</h2>
      <p>
        Recurring windows use the tenant's time zone: <strong>{p.timeZone}</strong>.
      </p>
      {p.canAdmin && (
        <form method="post" action="/maintenance/time-zone" class="filters">
          <CsrfField token={p.csrfToken} />
          <label>
            Time zone{' '}
            <input
              name="timeZone"
              value={p.timeZone}
              required
              maxlength={64}
              placeholder="Europe/Vienna"
            />
          </label>
          <button type="submit" class="button">
            Save
          </button>
        </form>
      )}
      {p.error !== undefined && <p class="field-error">{p.error}</p>}
    </section>
  )
}

/** The mark on device pages and rows: the device is in a maintenance window now. */
export function MaintenanceBadge(props: { window: { name: string; until: number } | undefined }) {
  if (props.window === undefined) return <span class="maintenance-badge"></span>
  return (
    <span class="maintenance-badge">
      <StatusBadge
        label={`in maintenance: ${props.window.name} until ${new Date(props.window.until).toISOString().slice(11, 16)} UTC`}
        tone="warn"
      />
    </span>
  )
}
