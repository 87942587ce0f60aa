import { LoginForm, type LoginFormProps } from './login-form.tsx'

export function LoginPage(props: LoginFormProps) {
  return (
    <>
      <h1>Sign in</h1>
      <LoginForm {...props} />
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
