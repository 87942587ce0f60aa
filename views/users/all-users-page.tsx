import type { UserWithMemberships } from '../../src/users/users.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from '../tenants/format-date.ts'
import { UserStatus } from './user-status.tsx'

/** Super admins: every account on the appliance with its tenants and roles. */
export function AllUsersPage(props: { users: UserWithMemberships[] }) {
  return (
    <section>
      <div class="page-header">
        <h1>All users</h1>
        <div class="actions">
          <a class="button" href="/tenants">
            Tenants
          </a>
        </div>
      </div>
      <p class="muted">
        To add an account to a tenant, open the tenant. To create an account, switch to a tenant and
        use Users.
      </p>
      <DataTable
        caption="All users"
        headers={['User name', 'Tenants and roles', 'Status', 'Created']}
        isEmpty={props.users.length === 0}
        empty={<EmptyState title="No users" />}
      >
        {props.users.map((u) => (
          <tr>
            <td>
              {u.username}
              {u.isSuperAdmin && (
                <>
                  {' '}
                  <StatusBadge label="super admin" tone="info" />
                </>
              )}
            </td>
            <td>
              {u.memberships.length === 0 ? (
                <span class="muted">none</span>
              ) : (
                u.memberships.map((m, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/tenants/${m.tenantId}`}>{m.tenantName}</a> ({m.role})
                  </>
                ))
              )}
            </td>
            <td>
              <UserStatus user={u} />
            </td>
            <td>{formatDate(u.createdAt)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  )
}
