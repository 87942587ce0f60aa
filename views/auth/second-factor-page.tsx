import { CsrfField } from '../components/csrf-field.tsx'
import { FormError } from '../components/field.tsx'

export interface SecondFactorPageProps {
  csrfToken: string
  next?: string
  error?: string
}

/** The sign-in's second step: a 6-digit code, or one of the recovery codes. */
export function SecondFactorPage(props: SecondFactorPageProps) {
  return (
    <>
      <h1>Two-step verification</h1>
      <form method="post" action="/login/code" class="login-form" novalidate>
        <CsrfField token={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <FormError message={props.error} />
        <div class="field">
          <label for="f-code">Code from your authenticator app</label>
          <input
            id="f-code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            autofocus
            required
            maxlength={14}
            aria-describedby="f-code-hint"
          />
          <p class="field-hint" id="f-code-hint">
            Lost your phone? Type one of your recovery codes instead (e.g. ABCD-EFGH-IJ).
          </p>
        </div>
        <button type="submit" class="button button-primary">
          Verify
        </button>
      </form>
      <p class="muted login-help">
        <a href="/login">Start again</a>
      </p>
    </>
  )
}
