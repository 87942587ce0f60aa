import type { BinaryRestorePreview } from '../../src/changes/binary-restore.service.ts'
import { CsrfField } from '../components/csrf-field.tsx'

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** Restore of a stored binary .backup: exactly what happens (a reboot onto the file), or why it is refused. */
export function BinaryRestorePanel(p: {
  deviceId: string
  preview: BinaryRestorePreview
  csrfToken: string
}) {
  const r = p.preview
  return (
    <div id="device-tab">
      <section class="card" data-testid="binary-restore-preview">
        <h2>Restore the .backup of {when(r.capturedAt)}</h2>
        <p>
          Made on RouterOS {r.capturedOn ?? 'unknown'}; the device runs {r.runningVersion}.{' '}
          {r.encrypted ? 'Encrypted' : 'Not encrypted'}, {(r.size / 1024).toFixed(1)} KB.
        </p>
        {r.ok ? (
          <>
            <p>
              <strong>The device reboots onto that file's configuration.</strong> Applying does
              this:
            </p>
            <ol>
              {r.steps.map((s) => (
                <li>{s}</li>
              ))}
            </ol>
            <form
              method="post"
              action={`/devices/${p.deviceId}/backups/binary/${r.binaryBackupId}/restore`}
              class="inline-form"
            >
              <CsrfField token={p.csrfToken} />
              <button type="submit" class="button">
                Restore and reboot
              </button>
            </form>
          </>
        ) : (
          <p class="flash flash-error">Not restored: {r.reason}</p>
        )}
      </section>
    </div>
  )
}
