import type { PreviewRow, TemplateVersionView, TemplateView } from '../../src/jobs/index.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { relativeTime } from '../devices/relative-time.ts'
import { TargetFields } from './target-fields.tsx'

const VARIABLES_HELP =
  'One per line: name type [source=field] [default=value] [choices=a|b|c] [optional]. Types: string, number, ip, cidr, boolean, choice. Fields: name, host, site, tags, identity, version, board, serial.'

export function TemplateForm(props: {
  action: string
  template?: TemplateView | undefined
  variablesText: string
  csrfToken: string
  error?: string | undefined
}) {
  const t = props.template
  return (
    <form method="post" action={props.action} class="stack-form">
      <CsrfField token={props.csrfToken} />
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <label>
        Name <input type="text" name="name" value={t?.name ?? ''} required maxlength={100} />
      </label>
      <label>
        Description{' '}
        <input type="text" name="description" value={t?.description ?? ''} maxlength={500} />
      </label>
      <label>
        RouterOS script (use {'{{variable}}'}){' '}
        <textarea name="body" rows={8} required>
          {t?.body ?? ''}
        </textarea>
      </label>
      <label>
        Variables{' '}
        <textarea name="variables" rows={4}>
          {props.variablesText}
        </textarea>
      </label>
      <p class="muted">{VARIABLES_HELP}</p>
      <button type="submit" class="button">
        {t ? 'Save a new version' : 'Create template'}
      </button>
    </form>
  )
}

export function TemplatesPage(props: {
  templates: readonly TemplateView[]
  canOperate: boolean
  csrfToken: string
  now: number
  error?: string | undefined
}) {
  return (
    <section>
      <div class="page-header">
        <h1>Templates</h1>
        <a href="/jobs">Jobs</a>
      </div>
      <table class="data-table">
        <thead>
          <tr>
            <th>Template</th>
            <th>Kind</th>
            <th>Version</th>
            <th>Changed</th>
          </tr>
        </thead>
        <tbody>
          {props.templates.map((t) => (
            <tr>
              <td>
                <a href={`/templates/${t.id}`}>{t.name}</a>
              </td>
              <td>{t.readOnly ? 'read-only' : 'write'}</td>
              <td>v{t.version}</td>
              <td>{relativeTime(t.updatedAt, props.now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canOperate && (
        <section class="card">
          <h2>New template</h2>
          <TemplateForm
            action="/templates"
            variablesText=""
            csrfToken={props.csrfToken}
            error={props.error}
          />
        </section>
      )}
    </section>
  )
}

export interface TemplatePageProps {
  template: TemplateView
  versions: readonly TemplateVersionView[]
  variablesText: string
  canOperate: boolean
  csrfToken: string
  now: number
  preview?: readonly PreviewRow[] | undefined
  error?: string | undefined
}

export function TemplatePage(p: TemplatePageProps) {
  const t = p.template
  return (
    <section>
      <div class="page-header">
        <h1>
          {t.name}{' '}
          <small>
            v{t.version} · {t.readOnly ? 'read-only' : 'writes'}
          </small>
        </h1>
        <a href="/templates">All templates</a>
      </div>
      {p.preview && (
        <section class="card" data-testid="preview">
          <h2>Preview (dry run: nothing was sent)</h2>
          {p.preview.map((r) => (
            <div>
              <h3>{r.deviceName}</h3>
              {r.errors.length > 0 ? (
                <p class="error">{r.errors.join(' ')}</p>
              ) : (
                <pre class="config-text">{r.script}</pre>
              )}
            </div>
          ))}
        </section>
      )}
      {p.canOperate && (
        <section class="card">
          <h2>Preview or run</h2>
          <form method="post" action={`/templates/${t.id}/run`} class="stack-form">
            <CsrfField token={p.csrfToken} />
            <TargetFields />
            <label>
              Per-device values (one line each: device id or * then name=value …){' '}
              <textarea name="grid" rows={3} />
            </label>
            <div class="inline-form">
              <button type="submit" name="action" value="preview" class="button">
                Preview
              </button>{' '}
              <button type="submit" name="action" value="run" class="button">
                Run
              </button>
            </div>
          </form>
        </section>
      )}
      {p.canOperate ? (
        <section class="card">
          <h2>Edit</h2>
          <TemplateForm
            action={`/templates/${t.id}`}
            template={t}
            variablesText={p.variablesText}
            csrfToken={p.csrfToken}
            error={p.error}
          />
        </section>
      ) : (
        <pre class="config-text">{t.body}</pre>
      )}
      <section class="card">
        <h2>History</h2>
        <table class="data-table">
          <thead>
            <tr>
              <th>Version</th>
              <th>By</th>
              <th>When</th>
              <th>What changed</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr>
                <td>v{v.version}</td>
                <td>{v.changedBy}</td>
                <td>{relativeTime(v.changedAt, p.now)}</td>
                <td>{v.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  )
}
