import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'
import { roleOptions } from '../tenants/role-options.ts'

/** New user in the active tenant; a one-time password is generated and shown once. */
export function UserCreateForm(props: { csrfToken: string; state?: FormState }) {
  const s = props.state
  return (
    <form method="post" action="/users" class="card" novalidate>
      <h2>New user</h2>
      <CsrfField token={props.csrfToken} />
      <FormError message={s?.fields?._form} />
      <Field
        label="User name"
        name="username"
        value={formValue(s, 'username')}
        error={s?.fields?.username}
        hint="Used to sign in. Letters, digits, dots, dashes, underscores or @."
        autocomplete="off"
        maxlength={64}
        required
      />
      <Field
        label="Display name (optional)"
        name="displayName"
        value={formValue(s, 'displayName')}
        error={s?.fields?.displayName}
        maxlength={100}
      />
      <SelectField
        label="Role"
        name="role"
        options={roleOptions()}
        value={formValue(s, 'role') || 'viewer'}
        error={s?.fields?.role}
      />
      <button type="submit" class="button button-primary">
        Create user
      </button>
    </form>
  )
}
