import type { Rule } from '../../src/alerts/alerts.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export interface RulesPageProps {
  rules: Rule[]
  kinds: { kind: string; title: string; unit: string }[]
  canEdit: boolean
  csrfToken: string
  errors?: Record<string, string>
  values?: Record<string, string>
}

const SYSLOG_SEVERITIES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
]

function condition(r: Rule, unit: string): string {
  if (r.kind === 'syslog_pattern')
    return `a line matches, ${SYSLOG_SEVERITIES[r.threshold] ?? 'debug'} or worse; quiet ${r.durationS > 0 ? r.durationS : 600} s resolves`
  const held = r.durationS > 0 ? ` for ${r.durationS} s` : ''
  const polls = r.polls > 1 ? `, ${r.polls} polls` : ''
  return unit === '' && r.threshold === 0
    ? `when it happens${held}`
    : `${r.comparison} ${r.threshold} ${unit}${held}${polls}`
}

/** The tenant's rules (defaults included), enable/disable, threshold changes, add and delete. */
export function RulesPage(props: RulesPageProps) {
  const unitOf = new Map(props.kinds.map((k) => [k.kind, k.unit]))
  const v = props.values ?? {}
  return (
    <section>
      <p class="muted">
        <a href="/alerts">← Alerts</a>
      </p>
      <h1>Alert rules</h1>
      <p class="muted">
        The most specific rule of a kind wins (device over tag over site over tenant): a device rule
        overrides the default, a disabled device rule mutes the kind on that device.
      </p>
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Condition</th>
            <th scope="col">Severity</th>
            <th scope="col">Scope</th>
            <th scope="col">Enabled</th>
            {props.canEdit && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.rules.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td>
                {r.kind}
                {r.label !== null ? ` (${r.label})` : ''} {condition(r, unitOf.get(r.kind) ?? '')}
              </td>
              <td>{r.severity}</td>
              <td>
                {r.scopeKind}
                {r.scopeId !== null ? ` ${r.scopeId}` : ''}
              </td>
              <td>{r.enabled ? 'yes' : 'no'}</td>
              {props.canEdit && (
                <td>
                  <details>
                    <summary>Edit</summary>
                    <form method="post" action={`/alerts/rules/${r.id}`}>
                      <CsrfField token={props.csrfToken} />
                      <input name="threshold" value={String(r.threshold)} aria-label="Threshold" />
                      <input
                        name="durationS"
                        value={String(r.durationS)}
                        aria-label="Duration (s)"
                      />
                      <select name="severity" aria-label="Severity">
                        {['info', 'warning', 'critical'].map((s) => (
                          <option value={s} selected={s === r.severity}>
                            {s}
                          </option>
                        ))}
                      </select>
                      <select name="enabled" aria-label="Enabled">
                        <option value="true" selected={r.enabled}>
                          enabled
                        </option>
                        <option value="false" selected={!r.enabled}>
                          disabled
                        </option>
                      </select>
                      <button class="button button-small" type="submit">
                        Save
                      </button>
                    </form>
                  </details>
                  <ConfirmButton
                    action={`/alerts/rules/${r.id}/delete`}
                    label="Delete"
                    tone="danger"
                    confirm={`Delete rule ${r.name}?`}
                    csrfToken={props.csrfToken}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {props.canEdit && (
        <form method="post" action="/alerts/rules" class="card">
          <h2>Add a rule</h2>
          <CsrfField token={props.csrfToken} />
          <FormError message={props.errors?._form ?? props.errors?._body} />
          <Field label="Name" name="name" value={v.name} error={props.errors?.name} required />
          <label>
            Kind
            <select name="kind">
              {props.kinds.map((k) => (
                <option value={k.kind} selected={k.kind === v.kind}>
                  {k.title}
                </option>
              ))}
            </select>
          </label>
          <Field
            label="Sensor or interface (empty = any); for Syslog pattern the text to look for (* and ? as wildcards)"
            name="label"
            value={v.label}
            error={props.errors?.label}
          />
          <label>
            Syslog pattern: minimum severity{' '}
            <select name="minSeverity">
              {SYSLOG_SEVERITIES.map((s) => (
                <option value={s} selected={s === (v.minSeverity ?? 'debug')}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Comparison{' '}
            <select name="comparison">
              <option value=">">&gt; above</option>
              <option value="<" selected={v.comparison === '<'}>
                &lt; below
              </option>
            </select>
          </label>
          <Field
            label="Threshold"
            name="threshold"
            value={v.threshold ?? '0'}
            error={props.errors?.threshold}
          />
          <Field
            label="For at least (seconds; Syslog pattern: quiet time before it resolves, 0 = 10 min)"
            name="durationS"
            value={v.durationS ?? '0'}
            error={props.errors?.durationS}
          />
          <Field
            label="Consecutive polls"
            name="polls"
            value={v.polls ?? '1'}
            error={props.errors?.polls}
          />
          <Field
            label="Hysteresis (how far back before it resolves)"
            name="hysteresis"
            value={v.hysteresis ?? '0'}
            error={props.errors?.hysteresis}
          />
          <label>
            Severity{' '}
            <select name="severity">
              {['warning', 'critical', 'info'].map((s) => (
                <option value={s} selected={s === v.severity}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Scope{' '}
            <select name="scopeKind">
              {['tenant', 'site', 'tag', 'device'].map((s) => (
                <option value={s} selected={s === v.scopeKind}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <Field
            label="Site, tag or device id (for those scopes)"
            name="scopeId"
            value={v.scopeId}
            error={props.errors?.scopeId}
          />
          <button class="button button-primary" type="submit">
            Add rule
          </button>
        </form>
      )}
    </section>
  )
}
