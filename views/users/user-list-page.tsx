import type { Member } from '../../src/users/users.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import type { FormState } from '../tenants/form-state.ts'
import { AccountRequestForm } from './account-request-form.tsx'
import { UserCreateForm } from './user-create-form.tsx'
import { UserStatus } from './user-status.tsx'

export interface UserListPageProps {
  tenantName: string
  members: Member[]
  currentUserId: string
  isSuperAdmin: boolean
  csrfToken: string
  form?: FormState
  requestForm?: FormState
}

/** Tenant admins: the users of the active tenant, and the form to add one. */
export function UserListPage(props: UserListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Users of {props.tenantName}</h1>
        {props.isSuperAdmin && (
          <div class="actions">
            <a class="button" href="/users/all">
              All users
            </a>
          </div>
        )}
      </div>
      <DataTable
        caption={`Users of ${props.tenantName}`}
        headers={['User name', 'Display name', 'Role', 'Status']}
        isEmpty={props.members.length === 0}
        empty={
          <EmptyState title="No users in this tenant yet">
            <p>
              Create one below. They get a one-time password and choose their own at first sign-in.
            </p>
          </EmptyState>
        }
      >
        {props.members.map((m) => (
          <tr>
            <td>
              <a href={`/users/${m.userId}`}>{m.username}</a>
              {m.userId === props.currentUserId && <span class="muted"> (you)</span>}
            </td>
            <td>{m.displayName ?? '—'}</td>
            <td>
              <StatusBadge label={m.role} tone={m.role === 'admin' ? 'info' : 'muted'} />
            </td>
            <td>
              <UserStatus user={m} />
            </td>
          </tr>
        ))}
      </DataTable>
      <UserCreateForm csrfToken={props.csrfToken} state={props.form} />
      {props.isSuperAdmin ? (
        <p class="muted">
          To add an existing account, use the tenant&apos;s page under{' '}
          <a href="/tenants">Tenants</a>.
        </p>
      ) : (
        <AccountRequestForm csrfToken={props.csrfToken} state={props.requestForm} />
      )}
    </section>
  )
}
