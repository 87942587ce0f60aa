import type { CsvImportResult } from '../../src/devices/devices.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

export const CSV_COLUMNS_HELP =
  'name,host,host2,api_port,transport,tls_mode,tls_fingerprint,ssh_port,username,password,site,tags,groups,notes,latitude,longitude,enabled,poll_interval_s'

/** CSV import: paste or upload; every row is validated and nothing changes if any row is bad. */
export function DeviceImportPage(props: { csrfToken: string; result?: CsvImportResult }) {
  const r = props.result
  return (
    <section>
      <p class="muted">
        <a href="/devices">← Devices</a>
      </p>
      <h1>Import devices from CSV</h1>
      <p>
        The first line names the columns. Required: <code>name</code>, <code>host</code>, and for
        new devices <code>username</code> (and usually <code>password</code>). A row whose name
        matches an existing device updates it; empty credentials keep the stored ones. Separate
        several tags or groups with <code>;</code>. Unknown sites, tags and groups are created.
      </p>
      <p class="muted">
        Columns: <code class="wrap-anywhere">{CSV_COLUMNS_HELP}</code>
      </p>
      {r && !r.ok && (
        <div class="flash flash-error" role="alert" id="import-errors">
          <p>
            <strong>Nothing was imported.</strong> Fix these rows and try again:
          </p>
          <ul>
            {r.errors.map((e) => (
              <li>
                Line {e.line}
                {e.field ? `, ${e.field}` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/devices/import" enctype="multipart/form-data">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="f-file">CSV file</label>
          <input id="f-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="f-csv">…or paste CSV</label>
          <textarea id="f-csv" name="csv" rows={10}></textarea>
        </div>
        <button type="submit" class="button button-primary">
          Import
        </button>
      </form>
    </section>
  )
}
