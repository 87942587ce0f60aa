import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'

export interface MailPageProps {
  csrfToken: string
  /** stored settings, or undefined when system mail was never set up */
  current?: {
    host: string
    port: number
    security: string
    username: string
    from: string
    insecureTls: boolean
    hasPassword: boolean
    linkBase: string
  }
  /** OUTPOST_PUBLIC_URL, the link base offered before one is saved */
  defaultLinkBase: string
  form?: FormState
  test?: FormState
}

const SECURITY = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
  { value: 'none', label: 'None (a relay on a trusted network)' },
]

/** Super admin: the SMTP server the appliance sends its own mail through (password reset links). */
export function MailPage(p: MailPageProps) {
  const cur = p.current
  const submitted = p.form?.values !== undefined
  const val = (k: string, fallback: string | number | undefined) =>
    submitted ? formValue(p.form, k) : fallback === undefined ? '' : String(fallback)
  return (
    <>
      <h1>System mail</h1>
      <p>
        The appliance sends password reset links through this server. Alert e-mails use the e-mail
        channels of each tenant instead.
      </p>
      {cur === undefined && (
        <p class="notice" role="status">
          Not set up yet: until it is, users who forget their password need an administrator to
          reset it.
        </p>
      )}
      <form method="post" action="/settings/mail" class="card" novalidate>
        <CsrfField token={p.csrfToken} />
        <FormError message={p.form?.fields?._form} />
        <Field
          label="SMTP server"
          name="host"
          value={val('host', cur?.host)}
          error={p.form?.fields?.host}
          required
        />
        <Field
          label="Port"
          name="port"
          type="number"
          value={val('port', cur?.port ?? 587)}
          error={p.form?.fields?.port}
        />
        <SelectField
          label="Security"
          name="security"
          options={SECURITY}
          value={val('security', cur?.security ?? 'starttls')}
          error={p.form?.fields?.security}
        />
        <Field
          label="User name"
          name="username"
          value={val('username', cur?.username)}
          error={p.form?.fields?.username}
          hint="Leave empty when the server does not ask for a sign-in."
          autocomplete="off"
        />
        <Field
          label="Password"
          name="password"
          type="password"
          error={p.form?.fields?.password}
          autocomplete="new-password"
          hint={cur?.hasPassword ? 'A password is stored; leave empty to keep it.' : undefined}
        />
        {cur?.hasPassword && (
          <label class="checkbox">
            <input type="checkbox" name="clearPassword" value="true" /> Remove the stored password
          </label>
        )}
        <Field
          label="From address"
          name="from"
          type="email"
          value={val('from', cur?.from)}
          error={p.form?.fields?.from}
          required
        />
        <Field
          label="Outpost address in links"
          name="linkBase"
          type="url"
          value={val('linkBase', cur?.linkBase ?? p.defaultLinkBase)}
          error={p.form?.fields?.linkBase}
          hint="The address users open Outpost at. Reset links use it, never the address a request came to."
          required
        />
        <label class="checkbox">
          <input
            type="checkbox"
            name="insecureTls"
            value="true"
            checked={val('insecureTls', String(cur?.insecureTls ?? false)) === 'true'}
          />{' '}
          Accept a self-signed server certificate
        </label>
        <p>
          <button type="submit" class="button button-primary">
            Save
          </button>
        </p>
      </form>
      {cur !== undefined && (
        <form method="post" action="/settings/mail/test" class="card" novalidate>
          <h2>Send a test message</h2>
          <CsrfField token={p.csrfToken} />
          <FormError message={p.test?.fields?._form} />
          <Field
            label="To"
            name="to"
            type="email"
            value={formValue(p.test, 'to')}
            error={p.test?.fields?.to}
            required
          />
          <button type="submit" class="button">
            Send test message
          </button>
        </form>
      )}
    </>
  )
}
