import type { ScheduleView } from '../../src/backups/schedule.service.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field } from '../components/field.tsx'

export interface BackupSchedulesPageProps {
  schedules: readonly ScheduleView[]
  sites: readonly { id: string; name: string }[]
  devices: readonly { id: string; name: string }[]
  terse: boolean
  canAdmin: boolean
  canOperate: boolean
  csrfToken: string
  form?: { target: string; cron: string; windowMinutes: string; enabled: boolean }
  errors?: Readonly<Record<string, string>>
}

const targetValue = (s: ScheduleView) =>
  s.target === 'tenant' ? 'tenant' : `${s.target}:${s.targetId}`

/** When devices are backed up (tenant, site or device; the most specific wins), terse exports, history export. */
export function BackupSchedulesPage(p: BackupSchedulesPageProps) {
  const f = p.form ?? { target: 'tenant', cron: '0 2 * * *', windowMinutes: '5', enabled: true }
  return (
    <section>
      <p class="muted">
        <a href="/backups">← Backups</a>
      </p>
      <h1>Backup schedules</h1>
      <p class="muted">
        A device follows its own schedule, else its site's, else the one for all devices (nightly at
        02:00 unless changed). Each device starts at a fixed moment inside the window, so a large
        fleet doesn't connect all at once. A configuration change the poller sees is backed up
        within two minutes anyway.
      </p>
      <table class="data-table" data-testid="schedules">
        <thead>
          <tr>
            <th>Applies to</th>
            <th>When (cron)</th>
            <th>Window</th>
            <th>State</th>
            {p.canAdmin && <th>Actions</th>}
          </tr>
        </thead>
        <tbody>
          {p.schedules.map((s) => (
            <tr>
              <td>
                {s.target === 'tenant'
                  ? 'All devices'
                  : `${s.target === 'site' ? 'Site' : 'Device'} ${s.targetName}`}
              </td>
              <td>
                <code>{s.cron}</code>
                {!s.stored && <span class="muted"> (default)</span>}
              </td>
              <td>{s.windowMinutes} min</td>
              <td>{s.enabled ? 'On' : 'Off'}</td>
              {p.canAdmin && (
                <td>
                  {s.stored && (
                    <form method="post" action="/backups/schedules/delete" class="inline-form">
                      <CsrfField token={p.csrfToken} />
                      <input type="hidden" name="target" value={targetValue(s)} />
                      <button type="submit" class="button button-secondary">
                        {s.target === 'tenant' ? 'Back to default' : 'Remove'}
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {p.canAdmin && (
        <form method="post" action="/backups/schedules" class="card" novalidate>
          <h2>Set a schedule</h2>
          <CsrfField token={p.csrfToken} />
          <div class="field">
            <label for="f-target">Applies to</label>
            <select id="f-target" name="target">
              <option value="tenant" selected={f.target === 'tenant'}>
                All devices
              </option>
              {p.sites.map((s) => (
                <option value={`site:${s.id}`} selected={f.target === `site:${s.id}`}>
                  Site {s.name}
                </option>
              ))}
              {p.devices.map((d) => (
                <option value={`device:${d.id}`} selected={f.target === `device:${d.id}`}>
                  Device {d.name}
                </option>
              ))}
            </select>
            {p.errors?.target && <p class="field-error">{p.errors.target}</p>}
          </div>
          <Field
            label="When (cron: minute hour day month weekday)"
            name="cron"
            value={f.cron}
            error={p.errors?.cron}
            hint={'"0 2 * * *" is every night at 02:00; "30 1 * * 0" is Sundays at 01:30.'}
          />
          <Field
            label="Spread over (minutes)"
            name="windowMinutes"
            type="number"
            value={f.windowMinutes}
            error={p.errors?.windowMinutes}
          />
          <div class="field">
            <label>
              <input type="checkbox" name="enabled" value="1" checked={f.enabled} /> Back up on this
              schedule (untick to pause these devices)
            </label>
          </div>
          <button type="submit" class="button">
            Save schedule
          </button>
        </form>
      )}
      <section class="card">
        <h2>Export format</h2>
        <p class="muted">
          Terse exports print every item on one full line (no section headers carried over), which
          is easier to search and compare. Applies from the next backup.
        </p>
        {p.canAdmin ? (
          <form method="post" action="/backups/options" class="inline-form">
            <CsrfField token={p.csrfToken} />
            <label>
              <input type="checkbox" name="terse" value="1" checked={p.terse} /> Use{' '}
              <code>/export terse</code>
            </label>{' '}
            <button type="submit" class="button">
              Save
            </button>
          </form>
        ) : (
          <p data-testid="terse">{p.terse ? 'Terse exports.' : 'Standard exports.'}</p>
        )}
      </section>
      {p.canOperate && (
        <section class="card">
          <h2>History as a git repository</h2>
          <p class="muted">
            Every stored version as one commit (author and date from the capture), one file per
            device. Unpack, then <code>git clone config-history.git</code> and use{' '}
            <code>git log -p</code>. Downloads are audited.
          </p>
          <p class="link-list">
            <a href="/backups/history.tar.gz">Download (secrets masked)</a>
            {p.canAdmin && (
              <a href="/backups/history.tar.gz?secrets=1">Download with secrets (admins)</a>
            )}
          </p>
        </section>
      )}
    </section>
  )
}
