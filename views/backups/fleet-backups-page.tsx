import type { BackupRunView } from '../../src/backups/backups.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'

export type Coverage = 'fresh' | 'stale' | 'failing' | 'never'

export interface FleetBackupRow {
  id: string
  name: string
  coverage: Coverage
  lastAttemptAt: number | null
  lastVersionAt: number | null
  lastError: string | null
}

export interface FleetBackupsPageProps {
  rows: readonly FleetBackupRow[]
  run: BackupRunView | undefined
  canOperate: boolean
  csrfToken: string
  now: number
  q: string
  results:
    readonly { deviceId: string; deviceName: string; lines: { n: number; text: string }[] }[] | null
  searchError: string | null
}

const TONE = { fresh: 'ok', stale: 'warn', failing: 'bad', never: 'muted' } as const
const LABEL = {
  fresh: 'Backed up (24 h)',
  stale: 'Stale',
  failing: 'Failing',
  never: 'Never',
} as const

/** Fleet Backups page: coverage counts, last result per device, "Back up all now", config search. */
export function FleetBackupsPage(p: FleetBackupsPageProps) {
  const count = (c: Coverage) => p.rows.filter((r) => r.coverage === c).length
  return (
    <section>
      <div class="page-header">
        <h1>Backups</h1>
        {p.canOperate && (
          <form method="post" action="/backups/run" class="inline-form">
            <CsrfField token={p.csrfToken} />
            <button type="submit" class="button">
              Back up all now
            </button>
          </form>
        )}
      </div>
      <p>
        <a href="/backups/schedules">Schedules, export format and history as a git repository</a>
      </p>
      <ul class="stat-row" data-testid="coverage">
        {(['fresh', 'stale', 'failing', 'never'] as const).map((c) => (
          <li class="card">
            <strong>{count(c)}</strong> <StatusBadge label={LABEL[c]} tone={TONE[c]} />
          </li>
        ))}
      </ul>
      {p.run && (
        <p class="card" data-testid="run-progress">
          {p.run.finishedAt === null ? 'Backing up all devices: ' : 'Last "back up all": '}
          {p.run.done} of {p.run.total} done, {p.run.changed} changed, {p.run.failed} failed
          {p.run.finishedAt === null && (
            <>
              {' '}
              · <a href="/backups">Refresh</a>
            </>
          )}
        </p>
      )}
      <section class="card">
        <h2>Search the latest configurations</h2>
        <form method="get" action="/backups" class="inline-form" role="search">
          <input
            type="search"
            name="q"
            value={p.q}
            maxlength={200}
            placeholder="an address, a user, rule text…"
            aria-label="Search configurations"
          />{' '}
          <button type="submit" class="button">
            Search
          </button>
        </form>
        {p.searchError && <p class="error">{p.searchError}</p>}
        {p.results &&
          (p.results.length === 0 ? (
            <p class="muted">No device's latest configuration matches.</p>
          ) : (
            <ul class="search-results">
              {p.results.map((r) => (
                <li>
                  <a href={`/devices/${r.deviceId}/backups`}>{r.deviceName}</a>
                  <pre class="config-text">
                    {r.lines.map((l) => `${l.n}: ${l.text}\n`).join('')}
                  </pre>
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section class="card">
        <h2>Devices</h2>
        <table class="data-table backups-table">
          <thead>
            <tr>
              <th>Device</th>
              <th>Coverage</th>
              <th>Last version</th>
              <th>Last attempt</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/devices/${r.id}/backups`}>{r.name}</a>
                </td>
                <td>
                  <StatusBadge label={LABEL[r.coverage]} tone={TONE[r.coverage]} />
                </td>
                <td>{r.lastVersionAt === null ? '—' : relativeTime(r.lastVersionAt, p.now)}</td>
                <td>{r.lastAttemptAt === null ? '—' : relativeTime(r.lastAttemptAt, p.now)}</td>
                <td>{r.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  )
}
