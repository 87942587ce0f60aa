import type { RestorePreview } from '../../src/changes/restore.service.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { ApplyModeFields } from './apply-mode-fields.tsx'

/** Restore of a stored version: the computed change set as a script, problems and notes, then "Restore". */
export function RestorePreviewPanel(p: {
  deviceId: string
  preview: RestorePreview
  defaultWindowS: number
  csrfToken: string
}) {
  const r = p.preview
  return (
    <div id="device-tab">
      <section class="card" data-testid="restore-preview">
        <h2>Restore version {r.backupId}</h2>
        {r.operations.length === 0 ? (
          <p>The live configuration already matches this version; nothing to do.</p>
        ) : (
          <>
            <p>These commands turn the live configuration into the stored one (secrets masked):</p>
            <pre class="config-text">{r.script}</pre>
          </>
        )}
        {r.problems.length > 0 && (
          <ul class="flash flash-error">
            {r.problems.map((x) => (
              <li>
                Operation {x.index + 1}: {x.message}
              </li>
            ))}
          </ul>
        )}
        {r.notes.length > 0 && (
          <>
            <h3>Not restored</h3>
            <ul>
              {r.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          </>
        )}
        {r.operations.length > 0 && r.ok && (
          <form
            method="post"
            action={`/devices/${p.deviceId}/backups/${r.backupId}/restore`}
            class="inline-form"
          >
            <CsrfField token={p.csrfToken} />
            <ApplyModeFields defaultWindowS={p.defaultWindowS} />
            <button type="submit" class="button">
              Restore
            </button>
          </form>
        )}
      </section>
    </div>
  )
}
