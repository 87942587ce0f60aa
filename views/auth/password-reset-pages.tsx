import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

/** "Forgot password": asks for the user name; after sending, says the same whatever happened. */
export function ForgotPasswordPage(props: {
  csrfToken: string
  sent?: boolean
  username?: string
  error?: string
}) {
  return (
    <>
      <h1>Forgot your password?</h1>
      {props.sent ? (
        <p role="status" class="notice">
          If an account with that user name has an e-mail address, a link to choose a new password
          is on its way. It works once, for 30 minutes. No e-mail? Ask an administrator to reset
          your password.
        </p>
      ) : (
        <form method="post" action="/login/forgot" class="login-form" novalidate>
          <p>Enter your user name. We send a reset link to the e-mail address of the account.</p>
          <CsrfField token={props.csrfToken} />
          <Field
            label="User name"
            name="username"
            value={props.username}
            error={props.error}
            autocomplete="username"
            autofocus
            required
          />
          <button type="submit" class="button button-primary">
            Send reset link
          </button>
        </form>
      )}
      <p class="muted">
        <a href="/login">Back to sign in</a>
      </p>
    </>
  )
}

/** The page a reset link opens: a new password twice, or why the link no longer works. */
export function ResetPasswordPage(props: {
  csrfToken: string
  token: string
  username?: string
  /** the link is dead: this says why, and no form is shown */
  dead?: string
  fields?: Record<string, string>
  minLength: number
}) {
  if (props.dead !== undefined) {
    return (
      <>
        <h1>Reset link</h1>
        <p role="alert" class="form-error">
          {props.dead}
        </p>
        <p>
          <a href="/login/forgot">Ask for a new link</a> · <a href="/login">Sign in</a>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>Choose a new password</h1>
      <p>
        For <strong>{props.username}</strong>. Every other session of this account is signed out.
      </p>
      <form method="post" action={`/login/reset/${props.token}`} class="login-form" novalidate>
        <CsrfField token={props.csrfToken} />
        <FormError message={props.fields?._form} />
        <input type="text" name="username" value={props.username} autocomplete="username" hidden />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          error={props.fields?.newPassword}
          autocomplete="new-password"
          minlength={props.minLength}
          hint={`At least ${props.minLength} characters.`}
          autofocus
          required
        />
        <Field
          label="New password again"
          name="confirmPassword"
          type="password"
          error={props.fields?.confirmPassword}
          autocomplete="new-password"
          required
        />
        <button type="submit" class="button button-primary">
          Set new password
        </button>
      </form>
    </>
  )
}
