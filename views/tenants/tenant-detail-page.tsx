import type { Member, Tenant } from '../../src/tenants/tenants.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError, SelectField } from '../components/field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from './format-date.ts'
import { formValue, type FormState } from './form-state.ts'
import { MemberTable } from './member-table.tsx'
import { roleOptions } from './role-options.ts'

export interface TenantDetailPageProps {
  tenant: Tenant
  members: Member[]
  csrfToken: string
  /** which form failed, with its values and messages */
  rename?: FormState
  addMember?: FormState
  remove?: FormState
}

function RenameForm(props: { tenant: Tenant; csrfToken: string; state?: FormState }) {
  const value = props.state ? formValue(props.state, 'name') : props.tenant.name
  return (
    <form method="post" action={`/tenants/${props.tenant.id}/rename`} class="card" novalidate>
      <h2>Name</h2>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.state?.fields?._form} />
      <Field
        label="Name"
        name="name"
        value={value}
        error={props.state?.fields?.name}
        maxlength={80}
        required
      />
      <button type="submit" class="button">
        Rename
      </button>
    </form>
  )
}

function AddMemberForm(props: { tenant: Tenant; csrfToken: string; state?: FormState }) {
  return (
    <form method="post" action={`/tenants/${props.tenant.id}/members`} class="card" novalidate>
      <h2>Add a member</h2>
      <CsrfField token={props.csrfToken} />
      <FormError message={props.state?.fields?._form} />
      <Field
        label="User name"
        name="username"
        value={formValue(props.state, 'username')}
        error={props.state?.fields?.username}
        hint="An existing account. To create a new one, switch to this tenant and use Users."
        required
      />
      <SelectField
        label="Role"
        name="role"
        options={roleOptions()}
        value={formValue(props.state, 'role') || 'viewer'}
        error={props.state?.fields?.role}
      />
      <button type="submit" class="button button-primary">
        Add member
      </button>
    </form>
  )
}

function DangerZone(props: { tenant: Tenant; csrfToken: string; state?: FormState }) {
  const t = props.tenant
  return (
    <section class="card">
      <h2>Status and deletion</h2>
      <p>
        {t.is_disabled
          ? 'Disabled: its members cannot enter it and its API keys are refused.'
          : 'Active. Disabling keeps all data but stops its members and API keys.'}
      </p>
      <ConfirmButton
        action={`/tenants/${t.id}/${t.is_disabled ? 'enable' : 'disable'}`}
        label={t.is_disabled ? 'Enable tenant' : 'Disable tenant'}
        confirm={t.is_disabled ? `Enable ${t.name}?` : `Disable ${t.name}? Members lose access.`}
        csrfToken={props.csrfToken}
      />
      <form
        method="post"
        class="danger-form"
        action={`/tenants/${t.id}/delete`}
        data-confirm={`Delete ${t.name} and all of its data? This cannot be undone.`}
        novalidate
      >
        <CsrfField token={props.csrfToken} />
        <Field
          label="Type the tenant name to delete it"
          name="confirm"
          value={formValue(props.state, 'confirm')}
          error={props.state?.fields?.confirm}
          hint="Deleting removes the tenant's memberships, API keys and devices for good."
          autocomplete="off"
        />
        <button type="submit" class="button button-danger">
          Delete tenant
        </button>
      </form>
    </section>
  )
}

/** One tenant for a super admin: name, members, status, deletion. */
export function TenantDetailPage(props: TenantDetailPageProps) {
  const t = props.tenant
  return (
    <section>
      <p>
        <a href="/tenants">← Tenants</a>
      </p>
      <div class="page-header">
        <h1>{t.name}</h1>
        {t.is_disabled ? (
          <StatusBadge label="disabled" tone="warn" />
        ) : (
          <StatusBadge label="active" tone="ok" />
        )}
      </div>
      <p class="muted">Created {formatDate(t.created_at)}</p>
      <h2>Members</h2>
      <MemberTable
        members={props.members}
        csrfToken={props.csrfToken}
        actionBase={`/tenants/${t.id}/members`}
      />
      <div class="card-grid">
        <AddMemberForm tenant={t} csrfToken={props.csrfToken} state={props.addMember} />
        <RenameForm tenant={t} csrfToken={props.csrfToken} state={props.rename} />
      </div>
      <DangerZone tenant={t} csrfToken={props.csrfToken} state={props.remove} />
    </section>
  )
}
