import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export interface PasswordFormProps {
  csrfToken: string
  fields?: Record<string, string>
  minLength: number
}

/** Current password, new password twice. Never pre-filled. */
export function PasswordForm(props: PasswordFormProps) {
  return (
    <form method="post" action="/account/password" class="password-form" novalidate>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.fields?._form} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        error={props.fields?.currentPassword}
        autocomplete="current-password"
        autofocus
        required
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        error={props.fields?.newPassword}
        hint={`At least ${props.minLength} characters. A few unrelated words make a good one.`}
        autocomplete="new-password"
        minlength={props.minLength}
        required
      />
      <Field
        label="Repeat the new password"
        name="confirmPassword"
        type="password"
        error={props.fields?.confirmPassword}
        autocomplete="new-password"
        required
      />
      <button type="submit" class="button button-primary">
        Change password
      </button>
    </form>
  )
}
