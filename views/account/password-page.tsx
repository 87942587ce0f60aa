import { PasswordForm, type PasswordFormProps } from './password-form.tsx'

export interface PasswordPageProps extends PasswordFormProps {
  /** first sign-in or a temporary password: nothing else is reachable until it is changed */
  forced: boolean
  username: string
}

export function PasswordPage(props: PasswordPageProps) {
  return (
    <>
      <h1>{props.forced ? 'Choose a new password' : 'Change password'}</h1>
      {props.forced ? (
        <p class="notice">
          <strong>{props.username}</strong>, you signed in with a one-time or temporary password.
          Choose your own password to continue.
        </p>
      ) : (
        <p class="muted">Changing your password signs you out everywhere else.</p>
      )}
      <PasswordForm csrfToken={props.csrfToken} fields={props.fields} minLength={props.minLength} />
      {props.forced && (
        <form method="post" action="/logout" class="auth-secondary">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button type="submit" class="button">
            Sign out
          </button>
        </form>
      )}
    </>
  )
}
