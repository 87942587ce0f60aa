import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export interface LoginFormProps {
  csrfToken: string
  username?: string
  next?: string
  /** a message about the whole attempt: wrong credentials, rate limit */
  error?: string
  fields?: Record<string, string>
}

/** Plain HTML form: signing in works without JavaScript. */
export function LoginForm(props: LoginFormProps) {
  return (
    <form method="post" action="/login" class="login-form" novalidate>
      <CsrfField token={props.csrfToken} />
      {props.next && <input type="hidden" name="next" value={props.next} />}
      <FormError message={props.error} />
      <Field
        label="User name"
        name="username"
        value={props.username}
        error={props.fields?.username}
        autocomplete="username"
        autofocus={!props.username}
        required
      />
      <Field
        label="Password"
        name="password"
        type="password"
        error={props.fields?.password}
        autocomplete="current-password"
        autofocus={!!props.username}
        required
      />
      <button type="submit" class="button button-primary">
        Sign in
      </button>
    </form>
  )
}
