import type {
  ChannelDeliveryView,
  ChannelKind,
  ChannelView,
  TestSendResult,
} from '../../src/notifications/channels.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { CHANNEL_FIELDS } from './channel-fields.ts'

export interface ChannelFormPageProps {
  kind: ChannelKind
  kindTitle: string
  /** undefined: a new channel */
  channel?: ChannelView
  values: Record<string, string>
  errors?: Record<string, string>
  csrfToken: string
  deliveries?: ChannelDeliveryView[]
}

const iso = (t: number | null) =>
  t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'
const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }))

/** The result of "Send test", swapped in under the button. */
export function TestResultFragment(props: { result: TestSendResult }) {
  const r = props.result
  return (
    <p id="test-result" class={r.ok ? 'flash flash-success' : 'flash flash-error'} role="status">
      {r.ok
        ? `Test message delivered in ${r.ms} ms.`
        : `Test failed: ${r.error ?? 'unknown error'}`}
    </p>
  )
}

/** Create or edit a channel of one type; on edit also the test button and the delivery log. */
export function ChannelFormPage(props: ChannelFormPageProps) {
  const c = props.channel
  const v = props.values
  const e = props.errors ?? {}
  const action = c === undefined ? '/channels' : `/channels/${c.id}`
  return (
    <section>
      <p class="muted">
        <a href="/channels">← Channels</a>
      </p>
      <h1>{c === undefined ? `New ${props.kindTitle} channel` : c.name}</h1>
      <form method="post" action={action} class="stacked-form">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="type" value={props.kind} />
        <FormError message={e._body} />
        <Field label="Name" name="name" value={v.name} error={e.name} required maxlength={100} />
        {CHANNEL_FIELDS[props.kind].map((f) =>
          f.options ? (
            <SelectField
              label={f.label}
              name={f.name}
              options={opts(f.options)}
              value={v[f.name]}
              error={e[f.name]}
              hint={f.hint}
            />
          ) : (
            <Field
              label={f.label}
              name={f.name}
              type={f.type}
              value={f.secret ? undefined : v[f.name]}
              error={e[f.name]}
              placeholder={f.placeholder}
              hint={
                f.secret && c?.secretsSet.includes(f.name)
                  ? 'stored; leave empty to keep it'
                  : f.hint
              }
            />
          ),
        )}
        {props.kind === 'email' && <input type="hidden" name="insecureTls" value="false" />}
        {props.kind === 'email' && (
          <label class="checkbox">
            <input
              type="checkbox"
              name="insecureTls"
              value="true"
              checked={v.insecureTls === 'true' || v.insecureTls === 'on'}
            />{' '}
            Accept a self-signed server certificate
          </label>
        )}
        <SelectField
          label="Minimum severity"
          name="minSeverity"
          options={opts(['info', 'warning', 'critical'])}
          value={v.minSeverity ?? 'info'}
          error={e.minSeverity}
        />
        <SelectField
          label="Scope"
          name="scopeKind"
          options={opts(['tenant', 'site', 'tag', 'device'])}
          value={v.scopeKind ?? 'tenant'}
          error={e.scopeKind}
          hint="which devices' alerts this channel takes"
        />
        <Field
          label="Site, tag or device id"
          name="scopeId"
          value={v.scopeId}
          error={e.scopeId}
          hint="only for scope site, tag or device"
        />
        <input type="hidden" name="enabled" value="false" />
        <label class="checkbox">
          <input type="checkbox" name="enabled" value="true" checked={v.enabled !== 'false'} />{' '}
          Enabled
        </label>
        <input type="hidden" name="isDefault" value="false" />
        <label class="checkbox">
          <input type="checkbox" name="isDefault" value="true" checked={v.isDefault === 'true'} />{' '}
          Default route (takes alerts no other channel took)
        </label>
        <button type="submit" class="button button-primary">
          {c === undefined ? 'Add channel' : 'Save'}
        </button>
      </form>
      {c !== undefined && (
        <>
          <h2>Test</h2>
          <form
            method="post"
            action={`/channels/${c.id}/test`}
            hx-post={`/channels/${c.id}/test`}
            hx-target="#test-result"
            hx-swap="outerHTML"
            class="inline-form"
          >
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button">
              Send test
            </button>
          </form>
          <p id="test-result"></p>
          <ConfirmButton
            action={`/channels/${c.id}/delete`}
            label="Delete channel"
            confirm="Delete this channel? Messages still queued for it are cancelled."
            csrfToken={props.csrfToken}
            tone="danger"
          />
          <h2>Delivery log</h2>
          {(props.deliveries ?? []).length === 0 ? (
            <p class="muted">Nothing sent yet.</p>
          ) : (
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Queued</th>
                  <th scope="col">Message</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {(props.deliveries ?? []).map((d) => (
                  <tr>
                    <td>{iso(d.createdAt)}</td>
                    <td>
                      {d.alertId !== null ? (
                        <a href={`/alerts/${d.alertId}`}>{d.event}</a>
                      ) : (
                        d.event
                      )}
                    </td>
                    <td>
                      {d.state === 'sent'
                        ? `sent ${iso(d.sentAt)}`
                        : d.state === 'pending'
                          ? `pending, next try ${iso(d.nextAttemptAt)}`
                          : d.state}
                    </td>
                    <td>{String(d.attempts)}</td>
                    <td>{d.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}
