import type { Child } from 'hono/jsx'
import type { BackupView } from '../../src/backups/backups.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'

export interface LastAttempt {
  at: number
  succeededAt: number | null
  error: string | null
}

export interface DeviceBackupsTabProps {
  deviceId: string
  backups: readonly BackupView[]
  last: LastAttempt | null
  canOperate: boolean
  csrfToken: string
  now: number
  /** the optional binary .backup section */
  binary?: Child
}

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)

function summary(b: BackupView): string {
  if (b.sections.length === 0)
    return b.linesAdded + b.linesRemoved === 0
      ? 'first version'
      : `+${b.linesAdded} −${b.linesRemoved}`
  const names = b.sections
    .slice(0, 3)
    .map((s) => s.section)
    .join(', ')
  return `+${b.linesAdded} −${b.linesRemoved} in ${names}${b.sections.length > 3 ? ` and ${b.sections.length - 3} more` : ''}`
}

/** Backups tab: last attempt in plain words, "Back up now", the timeline of versions, a diff picker. */
export function DeviceBackupsTab(p: DeviceBackupsTabProps) {
  const base = `/devices/${p.deviceId}/backups`
  return (
    <div id="device-tab">
      <section class="card">
        <div class="page-header">
          <h2>Configuration backups</h2>
          {p.canOperate && (
            <form method="post" action={base} class="inline-form">
              <CsrfField token={p.csrfToken} />
              <button type="submit" class="button">
                Back up now
              </button>
            </form>
          )}
        </div>
        {p.last === null ? (
          <p class="muted" data-testid="last-backup">
            Never backed up.
          </p>
        ) : p.last.error === null ? (
          <p data-testid="last-backup">
            <StatusBadge label="OK" tone="ok" /> Last backup {relativeTime(p.last.at, p.now)}.
          </p>
        ) : (
          <p data-testid="last-backup">
            <StatusBadge label="Failed" tone="bad" /> Last attempt {relativeTime(p.last.at, p.now)}:{' '}
            {p.last.error}
            {p.last.succeededAt !== null && (
              <span class="muted"> (last success {relativeTime(p.last.succeededAt, p.now)})</span>
            )}
          </p>
        )}
      </section>
      <section class="card">
        <h2>Versions</h2>
        {p.backups.length === 0 ? (
          <p class="muted">No version stored yet.</p>
        ) : (
          <table class="data-table backups-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Size</th>
                <th>What changed</th>
                <th>Status</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {p.backups.map((b, i) => {
                const prev = p.backups[i + 1]
                return (
                  <tr>
                    <td>
                      <time datetime={new Date(b.capturedAt).toISOString()}>
                        {new Date(b.capturedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC
                      </time>
                    </td>
                    <td>{kb(b.rawSize)}</td>
                    <td>{summary(b)}</td>
                    <td>
                      {b.status === 'ok' ? (
                        <StatusBadge label="OK" tone="ok" />
                      ) : (
                        <span title={b.statusReason ?? ''}>
                          <StatusBadge label="Suspect" tone="warn" /> {b.statusReason}
                        </span>
                      )}
                    </td>
                    <td class="link-list">
                      <a href={`${base}/${b.id}`}>View</a>
                      {prev && (
                        <a href={`${base}/diff?from=${prev.id}&to=${b.id}`}>Diff with previous</a>
                      )}
                      {prev && (
                        <a href={`${base}/diff?from=${prev.id}&to=${b.id}&view=split`}>
                          Side by side
                        </a>
                      )}
                      {i === 0 && <a href={`${base}/diff?from=${b.id}&to=live`}>Diff with live</a>}
                      {p.canOperate && <a href={`${base}/${b.id}/export.rsc`}>Download .rsc</a>}
                      {p.canOperate && <a href={`${base}/${b.id}/restore`}>Restore…</a>}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
        {p.backups.length > 0 && (
          <form method="get" action={`${base}/diff`} class="inline-form">
            <label>
              From{' '}
              <select name="from">
                {p.backups.map((b) => (
                  <option value={b.id}>{new Date(b.capturedAt).toISOString().slice(0, 16)}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              To{' '}
              <select name="to">
                <option value="live">Live configuration (captured now)</option>
                {p.backups.map((b) => (
                  <option value={b.id}>{new Date(b.capturedAt).toISOString().slice(0, 16)}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              View{' '}
              <select name="view">
                <option value="unified">Unified</option>
                <option value="split">Side by side</option>
              </select>
            </label>{' '}
            <button type="submit" class="button">
              Compare
            </button>
          </form>
        )}
      </section>
      {p.binary}
    </div>
  )
}

/** A version's text or a diff, in a pre block; `note` says whether secrets are masked. */
export function BackupTextPanel(p: {
  title: string
  text: string
  note: string
  backHref: string
  revealHref?: string | undefined
  isDiff?: boolean
  splitHref?: string
}) {
  return (
    <div id="device-tab">
      <section class="card">
        <p class="muted">
          <a href={p.backHref}>← Backups</a>
          {p.splitHref && (
            <>
              {' '}
              · <a href={p.splitHref}>Side by side</a>
            </>
          )}
        </p>
        <h2>{p.title}</h2>
        <p class="muted">
          {p.note}
          {p.revealHref && (
            <>
              {' '}
              · <a href={p.revealHref}>Reveal secrets (audited)</a>
            </>
          )}
        </p>
        {p.isDiff === true && p.text === '' ? (
          <p>No differences.</p>
        ) : (
          <pre class="config-text">
            {p.isDiff === true
              ? p.text.split('\n').map((l) => (
                  <span
                    class={
                      l.startsWith('+')
                        ? 'diff-add'
                        : l.startsWith('-')
                          ? 'diff-del'
                          : l.startsWith('@@')
                            ? 'diff-hunk'
                            : undefined
                    }
                  >
                    {l}
                    {'\n'}
                  </span>
                ))
              : p.text}
          </pre>
        )}
      </section>
    </div>
  )
}
