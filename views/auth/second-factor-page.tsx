import { CsrfField } from '../components/csrf-field.tsx'
import { FormError } from '../components/field.tsx'

export interface SecondFactorPageProps {
  csrfToken: string
  next?: string
  error?: string
  /** what the user has besides recovery codes (issue 19: passkeys) */
  methods?: { totp: boolean; passkey: boolean }
}

/** The sign-in's second step: a 6-digit code, or one of the recovery codes. */
export function SecondFactorPage(props: SecondFactorPageProps) {
  const totp = props.methods?.totp ?? true
  return (
    <>
      <h1>Two-step verification</h1>
      {props.methods?.passkey && (
        <div class="passkey-sign-in" data-passkey-scope>
          <p class="form-error" role="alert" data-passkey-error hidden></p>
          <button
            type="button"
            class="button button-primary"
            data-passkey-assert="/login/code/passkey"
            data-next={props.next}
          >
            Use a passkey
          </button>
        </div>
      )}
      <form method="post" action="/login/code" class="login-form" novalidate>
        <CsrfField token={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <FormError message={props.error} />
        <div class="field">
          <label for="f-code">{totp ? 'Code from your authenticator app' : 'Recovery code'}</label>
          <input
            id="f-code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            autofocus={totp}
            required
            maxlength={14}
            aria-describedby="f-code-hint"
          />
          <p class="field-hint" id="f-code-hint">
            {totp
              ? 'Lost your phone? Type one of your recovery codes instead (e.g. ABCD-EFGH-IJ).'
              : 'Lost your passkeys? Type one of your recovery codes (e.g. ABCD-EFGH-IJ).'}
          </p>
        </div>
        <button type="submit" class={props.methods?.passkey ? 'button' : 'button button-primary'}>
          Verify
        </button>
      </form>
      <p class="muted login-help">
        <a href="/login">Start again</a>
      </p>
    </>
  )
}
