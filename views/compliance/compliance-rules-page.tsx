import type { ComplianceSettingsView } from '../../src/compliance/compliance.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field } from '../components/field.tsx'

export interface ComplianceRulesPageProps {
  settings: ComplianceSettingsView
  canAdmin: boolean
  csrfToken: string
  values?: Record<string, string>
  errors?: Record<string, string>
}

const BUILTIN = [
  [
    'Firmware current',
    'RouterOS at most N releases behind the latest of its channel (from the daily update check).',
  ],
  [
    'No empty admin password',
    "Fails when Outpost's own login has an empty password. RouterOS never exports or reports passwords, so other accounts cannot be checked.",
  ],
  [
    'Management services restricted',
    'telnet, ftp, www and api disabled or limited to addresses (/ip service); a service the export omits is at the default: on, any address.',
  ],
  [
    'Input chain drops',
    'An enabled drop or reject rule in the IPv4 input chain (/ip firewall filter).',
  ],
  ['NTP configured', 'The NTP client enabled with a server (/system ntp client, v6 and v7 forms).'],
  [
    'Remote syslog configured',
    'A logging action with a remote address and a logging rule using it (/system logging).',
  ],
] as const

/** The built-in rules explained, the firmware allowance, and the tenant's custom rules. */
export function ComplianceRulesPage(p: ComplianceRulesPageProps) {
  const v = p.values ?? {}
  const e = p.errors ?? {}
  return (
    <section>
      <div class="page-header">
        <h1>Compliance rules</h1>
        <a href="/compliance" class="button">
          Results
        </a>
      </div>
      <div class="table-wrap">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Built-in rule</th>
              <th scope="col">Passes when</th>
            </tr>
          </thead>
          <tbody>
            {BUILTIN.map(([t, d]) => (
              <tr>
                <td>{t}</td>
                <td>{d}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card">
        <h2>Firmware allowance</h2>
        <p>At most {p.settings.firmwareMaxBehind} releases behind the channel's latest.</p>
        {p.canAdmin && (
          <form method="post" action="/compliance/settings" class="stack-form">
            <CsrfField token={p.csrfToken} />
            <Field
              label="Releases behind allowed"
              name="firmwareMaxBehind"
              type="number"
              value={v.firmwareMaxBehind ?? String(p.settings.firmwareMaxBehind)}
              error={e.firmwareMaxBehind}
            />
            <button type="submit" class="button">
              Save
            </button>
          </form>
        )}
      </section>
      <h2>Custom rules</h2>
      <div class="table-wrap">
        <table class="data-table" data-testid="custom-rules">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Menu path</th>
              <th scope="col">Check</th>
              {p.canAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {p.settings.rules.map((r) => (
              <tr>
                <td>{r.name}</td>
                <td>{r.path}</td>
                <td>
                  {r.mode === 'must_contain' ? 'must contain' : 'must not contain'}{' '}
                  <code>{r.pattern}</code>
                </td>
                {p.canAdmin && (
                  <td>
                    <ConfirmButton
                      action={`/compliance/rules/${r.id}/delete`}
                      label="Delete"
                      csrfToken={p.csrfToken}
                      confirm={`Delete the rule ${r.name}?`}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.canAdmin && (
        <section class="card">
          <h2>Add a custom rule</h2>
          <p class="muted">
            Plain text looked for in the lines exported under one menu path (wrapped lines joined).
          </p>
          <form method="post" action="/compliance/rules" class="stack-form">
            <CsrfField token={p.csrfToken} />
            <Field label="Name" name="name" value={v.name ?? ''} error={e.name} />
            <Field
              label="Menu path"
              name="path"
              value={v.path ?? ''}
              error={e.path}
              placeholder="/ip dns"
            />
            <div class={e.mode ? 'field field-invalid' : 'field'}>
              <label for="f-mode">Check</label>
              <select id="f-mode" name="mode">
                <option value="must_contain" selected={v.mode !== 'must_not_contain'}>
                  must contain
                </option>
                <option value="must_not_contain" selected={v.mode === 'must_not_contain'}>
                  must not contain
                </option>
              </select>
              {e.mode && <p class="field-error">{e.mode}</p>}
            </div>
            <Field
              label="Text"
              name="pattern"
              value={v.pattern ?? ''}
              error={e.pattern}
              placeholder="allow-remote-requests=no"
            />
            <button type="submit" class="button">
              Add rule
            </button>
          </form>
        </section>
      )}
    </section>
  )
}
