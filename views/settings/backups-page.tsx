import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'
import type { FormState } from '../tenants/form-state.ts'

export interface BackupsPageProps {
  csrfToken: string
  snapshots: { name: string; bytes: number }[]
  intervalHours: number
  keep: number
  download?: FormState
  restore?: FormState
  upload?: FormState
}

/** Super admin: download an encrypted appliance backup, take and restore local snapshots. */
export function BackupsPage(p: BackupsPageProps) {
  return (
    <>
      <h1>Appliance backups</h1>
      <form method="post" action="/settings/backups/download" class="card" novalidate>
        <h2>Download a backup</h2>
        <p>
          Both databases and the secrets that decrypt device credentials, in one archive encrypted
          with your passphrase. Without the passphrase it cannot be restored.
        </p>
        <CsrfField token={p.csrfToken} />
        <FormError message={p.download?.fields?._form} />
        <Field
          label="Passphrase"
          name="passphrase"
          type="password"
          error={p.download?.fields?.passphrase}
          minlength={12}
          required
          autocomplete="new-password"
          hint="At least 12 characters."
        />
        <button type="submit" class="button button-primary">
          Download backup
        </button>
      </form>
      <section class="card">
        <h2>Local snapshots</h2>
        <p>
          {p.intervalHours === 0
            ? 'Scheduled snapshots are off.'
            : `Taken every ${p.intervalHours} h into the data directory's backups folder; the newest ${p.keep} are kept.`}
        </p>
        <form method="post" action="/settings/backups/snapshot">
          <CsrfField token={p.csrfToken} />
          <button type="submit" class="button">
            Take a snapshot now
          </button>
        </form>
        {p.snapshots.length === 0 ? (
          <p>No snapshots yet.</p>
        ) : (
          <form method="post" action="/settings/backups/restore" novalidate>
            <h3>Restore a snapshot</h3>
            <p>
              The current data is replaced and the service restarts; the replaced files are kept in
              the data directory.
            </p>
            <CsrfField token={p.csrfToken} />
            <FormError message={p.restore?.fields?._form ?? p.restore?.fields?.name} />
            <ul class="plain-list">
              {p.snapshots.map((s, i) => (
                <li>
                  <label>
                    <input type="radio" name="name" value={s.name} checked={i === 0} /> {s.name} (
                    {Math.ceil(s.bytes / 1024)} KiB)
                  </label>
                </li>
              ))}
            </ul>
            <Field
              label="Passphrase"
              name="passphrase"
              type="password"
              error={p.restore?.fields?.passphrase}
              hint="Empty: the appliance's snapshot passphrase."
              autocomplete="off"
            />
            <button type="submit" class="button button-danger">
              Restore and restart
            </button>
          </form>
        )}
        <form
          method="post"
          action="/settings/backups/upload"
          enctype="multipart/form-data"
          novalidate
        >
          <h3>Restore from a file</h3>
          <p>
            An archive downloaded from this or another appliance. Archives of a newer Outpost, a
            wrong passphrase or a damaged file are refused and nothing changes.
          </p>
          <CsrfField token={p.csrfToken} />
          <FormError message={p.upload?.fields?.archive} />
          <div class="field">
            <label for="f-archive">Archive (.opbk)</label>
            <input
              id="f-archive"
              name="archive"
              type="file"
              accept=".opbk,application/octet-stream"
              required
            />
          </div>
          <Field
            label="Passphrase"
            name="archive_passphrase"
            type="password"
            error={p.upload?.fields?.archive_passphrase}
            hint="The passphrase it was downloaded with (empty: the appliance's snapshot passphrase)."
            autocomplete="off"
          />
          <button type="submit" class="button button-danger">
            Upload, restore and restart
          </button>
        </form>
      </section>
    </>
  )
}
