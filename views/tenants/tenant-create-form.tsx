import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'
import { formValue, type FormState } from './form-state.ts'

/** New tenant: just a name. Re-rendered with messages after a 422. */
export function TenantCreateForm(props: { csrfToken: string; state?: FormState }) {
  return (
    <form method="post" action="/tenants" class="card" novalidate>
      <h2>New tenant</h2>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.state?.fields?._form} />
      <Field
        label="Name"
        name="name"
        value={formValue(props.state, 'name')}
        error={props.state?.fields?.name}
        hint="The customer's name as your team knows it. It must be unique."
        maxlength={80}
        required
      />
      <button type="submit" class="button button-primary">
        Create tenant
      </button>
    </form>
  )
}
