import type { Child } from 'hono/jsx'
import type { SecondFactorPolicy, SecurityOverview } from '../../src/auth/second-factor.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

export interface SecurityPageProps {
  csrfToken: string
  overview: SecurityOverview
  policy: SecondFactorPolicy
  /** the active tenant's name when the user is its admin (may set its policy) */
  adminOfTenant: string | null
  isSuperAdmin: boolean
  /** a message for the code forms (wrong code …) */
  error?: string
  /** the passkeys card (issue 19), and whether the user has one (it satisfies the requirement) */
  passkeys?: { section: Child; any: boolean }
}

function CodeInput() {
  return (
    <div class="field">
      <label for="f-code">Current code (or a recovery code)</label>
      <input
        id="f-code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        required
        maxlength={14}
      />
    </div>
  )
}

function PolicyForm(props: { csrfToken: string; action: string; label: string; on: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="required" value={props.on ? 'false' : 'true'} />
      <span>
        {props.label}:{' '}
        {props.on ? (
          <StatusBadge label="required" tone="ok" />
        ) : (
          <StatusBadge label="optional" tone="muted" />
        )}
      </span>{' '}
      <button type="submit" class="button">
        {props.on ? 'Make optional' : 'Require it'}
      </button>
    </form>
  )
}

/** Account › Security: the user's second factor, and the policy switches their role allows. */
export function SecurityPage(props: SecurityPageProps) {
  const o = props.overview
  return (
    <>
      <div class="page-header">
        <h1>Security</h1>
      </div>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <section class="card">
        <h2>Two-step verification</h2>
        {o.required && !o.enrolled && !props.passkeys?.any && (
          <p class="form-error" role="alert">
            Your organisation requires a second factor. Set up an authenticator app or a passkey to
            continue.
          </p>
        )}
        {o.enrolled ? (
          <>
            <p>
              <StatusBadge label="on" tone="ok" /> Sign-in asks for a code from your authenticator
              app. {o.unusedRecoveryCodes} of 10 recovery codes left.
            </p>
            <form method="post" action="/account/security/recovery-codes">
              <CsrfField token={props.csrfToken} />
              <CodeInput />
              <button type="submit" class="button">
                Make new recovery codes
              </button>{' '}
              {!o.required && (
                <button
                  type="submit"
                  class="button button-danger"
                  formaction="/account/security/remove"
                >
                  Turn off
                </button>
              )}
            </form>
          </>
        ) : (
          <form method="post" action="/account/security/enrol">
            <CsrfField token={props.csrfToken} />
            <p>
              Protect your account with a 6-digit code from an authenticator app (RFC 6238 TOTP)
              after your password.
            </p>
            <button type="submit" class="button button-primary">
              Set up two-step verification
            </button>
          </form>
        )}
      </section>
      {props.passkeys?.section}
      {(props.adminOfTenant !== null || props.isSuperAdmin) && (
        <section class="card">
          <h2>Require a second factor</h2>
          {props.adminOfTenant !== null && props.policy.tenant !== null && (
            <PolicyForm
              csrfToken={props.csrfToken}
              action="/account/security/policy/tenant"
              label={`Members of ${props.adminOfTenant}`}
              on={props.policy.tenant}
            />
          )}
          {props.isSuperAdmin && (
            <PolicyForm
              csrfToken={props.csrfToken}
              action="/account/security/policy/appliance"
              label="Every user of this appliance"
              on={props.policy.appliance}
            />
          )}
          <p class="muted">
            Users without a second factor are sent to set one up right after they sign in.
          </p>
        </section>
      )}
    </>
  )
}
