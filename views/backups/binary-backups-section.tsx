import type { BinaryBackupMode, BinaryBackupView } from '../../src/backups/binary-backup.service.ts'
import { CsrfField } from '../components/csrf-field.tsx'

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)

/** The optional binary `.backup` of a device: the choice (admins), the fetched files (operators download). */
export function BinaryBackupsSection(p: {
  deviceId: string
  mode: BinaryBackupMode
  files: readonly BinaryBackupView[]
  canOperate: boolean
  canAdmin: boolean
  csrfToken: string
}) {
  const base = `/devices/${p.deviceId}/backups/binary`
  return (
    <section class="card" data-testid="binary-backups">
      <h2>Binary .backup</h2>
      <p class="muted">
        Optional, with each backup: <code>/system backup save</code> on the router, fetched over
        SFTP and removed from it.
        {p.mode === 'off'
          ? ' Off for this device.'
          : p.mode === 'encrypted'
            ? ' Encrypted with a password Outpost keeps for this device.'
            : ' Not encrypted (chosen by an admin).'}
      </p>
      {p.canAdmin && (
        <form method="post" action={base} class="inline-form">
          <CsrfField token={p.csrfToken} />
          <label>
            .backup{' '}
            <select name="mode">
              <option value="off" selected={p.mode === 'off'}>
                Off
              </option>
              <option value="encrypted" selected={p.mode === 'encrypted'}>
                Encrypted (password kept by Outpost)
              </option>
              <option value="plain" selected={p.mode === 'plain'}>
                Not encrypted (dont-encrypt)
              </option>
            </select>
          </label>{' '}
          <button type="submit" class="button">
            Save
          </button>
          {p.mode === 'encrypted' && (
            <>
              {' '}
              · <a href={`${base}/password`}>Show the password (audited)</a>
            </>
          )}
        </form>
      )}
      {p.files.length > 0 && (
        <ul>
          {p.files.map((f) => (
            <li>
              {new Date(f.capturedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC ·{' '}
              {kb(f.size)} · {f.encrypted ? 'encrypted' : 'not encrypted'}
              {p.canOperate && (
                <>
                  {' '}
                  · <a href={`${base}/${f.id}/download`}>Download .backup</a> ·{' '}
                  <a href={`${base}/${f.id}/restore`}>Restore…</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
