import { LoginForm, type LoginFormProps } from './login-form.tsx'

export function LoginPage(props: LoginFormProps) {
  return (
    <>
      <h1>Sign in</h1>
      <LoginForm {...props} />
      <div class="passkey-sign-in" data-passkey-scope>
        <p class="form-error" role="alert" data-passkey-error hidden></p>
        <button
          type="button"
          class="button"
          data-passkey-assert="/login/passkey"
          data-next={props.next}
        >
          Use a passkey instead
        </button>
      </div>
      <p class="login-help">
        <a href="/login/forgot">Forgot your password?</a>
      </p>
      <p class="muted login-help">
        First start? The one-time password for <code>admin</code> is in the file{' '}
        <code>initial-admin-password</code> in the data directory, and in the server log.
      </p>
    </>
  )
}
