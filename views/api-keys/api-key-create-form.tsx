import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'
import { roleOptions } from '../tenants/role-options.ts'

/** New API key for the active tenant; the key itself is shown once after submitting. */
export function ApiKeyCreateForm(props: { csrfToken: string; state?: FormState }) {
  const s = props.state
  return (
    <form method="post" action="/api-keys" class="card" novalidate>
      <h2>New API key</h2>
      <CsrfField token={props.csrfToken} />
      <FormError message={s?.fields?._form} />
      <Field
        label="Name"
        name="name"
        value={formValue(s, 'name')}
        error={s?.fields?.name}
        hint="What uses it, e.g. “monitoring export” or “provisioning script”."
        maxlength={80}
        required
      />
      <SelectField
        label="Role"
        name="role"
        options={roleOptions(['operator', 'viewer'])}
        value={formValue(s, 'role') || 'viewer'}
        error={s?.fields?.role}
        hint="Keys never get the admin role: they cannot manage users or other keys."
      />
      <button type="submit" class="button button-primary">
        Create API key
      </button>
    </form>
  )
}
