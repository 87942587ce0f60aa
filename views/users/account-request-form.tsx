import { CsrfField } from '../components/csrf-field.tsx'
import { FormError } from '../components/field.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'
import { roleOptions } from '../tenants/role-options.ts'

function RequestField(props: { id: string; label: string; error?: string; children: unknown }) {
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

/**
 * Ask for an existing account to join this tenant. The answer is the same whether or not the
 * name exists: user names of other tenants stay private, and super admins share accounts.
 */
export function AccountRequestForm(props: { csrfToken: string; state?: FormState }) {
  const s = props.state
  const err = s?.fields ?? {}
  const role = formValue(s, 'role') || 'viewer'
  return (
    <form method="post" action="/users/account-requests" class="card" novalidate>
      <h2>Add an existing account</h2>
      <p class="muted">
        For someone who already signs in to Outpost for another tenant. Outpost does not tell
        whether a name exists elsewhere: the request is recorded for the super admins, who add the
        account.
      </p>
      <CsrfField token={props.csrfToken} />
      <FormError message={err._form} />
      <RequestField id="req-username" label="Their user name" error={err.username}>
        <input
          id="req-username"
          name="username"
          type="text"
          value={formValue(s, 'username')}
          maxlength={64}
          autocomplete="off"
          required
          aria-invalid={err.username ? 'true' : undefined}
          aria-describedby={err.username ? 'req-username-error' : undefined}
        />
      </RequestField>
      <RequestField id="req-role" label="Role" error={err.role}>
        <select id="req-role" name="role">
          {roleOptions().map((o) => (
            <option value={o.value} selected={o.value === role}>
              {o.label}
            </option>
          ))}
        </select>
      </RequestField>
      <button type="submit" class="button">
        Request access
      </button>
    </form>
  )
}
