// The wizard's optional "Notify me" step (issue 17): one e-mail or webhook channel for the new
// tenant (it becomes the default route), then "Send test" before moving on.
import type { TestSendResult } from '../../src/notifications/index.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export interface NotifyStepProps {
  csrfToken: string
  /** the device name carried to the next step's button */
  device: string | null
  values: Record<string, string>
  errors?: Record<string, string>
  /** set once the channel exists: the step shows "Send test" and "Continue" */
  channel?: { id: string; name: string }
  result?: TestSendResult
}

function next(device: string | null): string {
  return device ? `/setup/backups?device=${encodeURIComponent(device)}` : '/setup/backups'
}

export function NotifyStep(props: NotifyStepProps) {
  const q = props.device ? `?device=${encodeURIComponent(props.device)}` : ''
  if (props.channel) {
    return (
      <div>
        <h2>Notify me</h2>
        <p>
          Channel <strong>{props.channel.name}</strong> is the tenant's default: every alert no
          other channel takes goes there.
        </p>
        {props.result && (
          <p class={props.result.ok ? 'flash flash-success' : 'flash flash-error'} role="status">
            {props.result.ok
              ? `Test message delivered in ${props.result.ms} ms.`
              : `Test failed: ${props.result.error ?? ''}`}
          </p>
        )}
        <form
          method="post"
          action={`/setup/notify/${props.channel.id}/test${q}`}
          class="inline-form"
        >
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            Send test
          </button>
        </form>{' '}
        <a class="button button-primary" href={next(props.device)}>
          Continue
        </a>
      </div>
    )
  }
  const v = props.values
  const e = props.errors ?? {}
  return (
    <form method="post" action={`/setup/notify${q}`} novalidate>
      <h2>Notify me (optional)</h2>
      <p>
        Where should alerts go? Pick an e-mail address (through your SMTP server) or a webhook; more
        channels and routing are under Alerts → Channels.
      </p>
      <CsrfField token={props.csrfToken} />
      <FormError message={e._form} />
      <fieldset>
        <legend>Send alerts by</legend>
        <label>
          <input type="radio" name="type" value="webhook" checked={v.type !== 'email'} /> Webhook
          (signed JSON POST)
        </label>{' '}
        <label>
          <input type="radio" name="type" value="email" checked={v.type === 'email'} /> E-mail
        </label>
      </fieldset>
      <fieldset>
        <legend>Webhook</legend>
        <Field
          label="URL"
          name="url"
          value={v.url}
          error={e.url}
          placeholder="https://hooks.example.net/outpost"
        />
        <Field
          label="Signing secret (at least 16 characters; the receiver checks X-Outpost-Signature with it)"
          name="secret"
          value={v.secret}
          error={e.secret}
        />
      </fieldset>
      <fieldset>
        <legend>E-mail</legend>
        <Field label="Send to" name="to" value={v.to} error={e.to} placeholder="noc@example.net" />
        <Field
          label="From"
          name="from"
          value={v.from}
          error={e.from}
          placeholder="outpost@example.net"
        />
        <Field label="SMTP server" name="host" value={v.host} error={e.host} />
        <Field label="Port" name="port" type="number" value={v.port ?? '587'} error={e.port} />
        <label>
          Security{' '}
          <select name="security">
            {['starttls', 'tls', 'none'].map((s) => (
              <option value={s} selected={s === (v.security ?? 'starttls')}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <Field label="SMTP user (optional)" name="username" value={v.username} error={e.username} />
        <Field
          label="SMTP password (optional)"
          name="password"
          type="password"
          error={e.password}
        />
      </fieldset>
      <button type="submit" class="button button-primary">
        Create channel
      </button>
    </form>
  )
}
