import type { ApiFieldRow, ApiOperationView, ApiSectionView } from '../../src/api/api.types.ts'

export interface ApiReferencePageProps {
  sections: ApiSectionView[]
  version: string
}

function Fields(props: { rows: (ApiFieldRow & { in?: string })[]; withIn?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="data-table">
        <thead>
          <tr>
            <th>Field</th>
            {props.withIn && <th>In</th>}
            <th>Type</th>
            <th>Required</th>
            <th>Notes</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <code>{r.name}</code>
              </td>
              {props.withIn && <td>{r.in}</td>}
              <td class="wrap">
                <code>{r.type}</code>
              </td>
              <td>{r.required ? 'yes' : ''}</td>
              <td class="cell-note">{r.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Operation(props: { op: ApiOperationView }) {
  const { op } = props
  return (
    <article class="api-op" id={op.id}>
      <h3>
        <code>
          {op.method} {op.path}
        </code>
      </h3>
      <p>
        {op.summary}{' '}
        <span class="muted">({op.role === 'public' ? 'public' : `minimum: ${op.role}`})</span>
      </p>
      {op.description && <p class="muted">{op.description}</p>}
      {op.params.length > 0 && (
        <>
          <h4>Parameters</h4>
          <Fields rows={op.params} withIn />
        </>
      )}
      {op.body && (
        <>
          <h4>JSON body</h4>
          {op.bodyNote && <p class="muted">{op.bodyNote}</p>}
          <Fields rows={op.body} />
        </>
      )}
      <h4>Answers</h4>
      <ul>
        {op.answers.map((a) => (
          <li>
            <strong>{a.status}</strong> {a.description}
            {a.contentType && a.contentType !== 'application/json' && (
              <span class="muted"> ({a.contentType})</span>
            )}
            {a.fields.length > 0 && (
              <details>
                <summary>Fields: {a.fields.map((f) => f.name).join(', ')}</summary>
                {a.schema && (
                  <pre>
                    <code>{a.schema}</code>
                  </pre>
                )}
              </details>
            )}
          </li>
        ))}
      </ul>
    </article>
  )
}

/** The /api/v1 reference, read from the OpenAPI document: one section per resource. */
export function ApiReferencePage(props: ApiReferencePageProps) {
  return (
    <section>
      <h1>API reference</h1>
      <p>
        Outpost's JSON API, version {props.version}. Machine-readable:{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Authenticate with an
        API key (<code>Authorization: Bearer opk_…</code>, see <a href="/api-keys">API keys</a>) or
        a signed-in browser session. Field names are camelCase, times are epoch milliseconds, and
        every error is <code>{'{ "error": { "code", "message", "fields"? } }'}</code>.
      </p>
      <nav aria-label="API sections">
        <ul>
          {props.sections.map((s) => (
            <li>
              <a href={`#${s.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>{s.tag}</a>{' '}
              <span class="muted">({s.operations.length})</span>
            </li>
          ))}
        </ul>
      </nav>
      {props.sections.map((s) => (
        <section id={s.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}>
          <h2>{s.tag}</h2>
          {s.operations.map((op) => (
            <Operation op={op} />
          ))}
        </section>
      ))}
    </section>
  )
}
