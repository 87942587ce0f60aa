import type { SessionInfo } from '../../src/auth/auth.types.ts'
import { EmptyState } from '../components/empty-state.tsx'

export interface DashboardPageProps {
  session: SessionInfo
  activeTenantName: string | null
}

function NoTenant(props: { isSuperAdmin: boolean }) {
  if (props.isSuperAdmin) {
    return (
      <EmptyState title="No tenants yet" action={{ href: '/tenants', label: 'Create a tenant' }}>
        <p>Each customer you manage is a tenant with its own devices, users and audit trail.</p>
        <ol>
          <li>Create the first tenant.</li>
          <li>Add users to it (admin, operator or viewer).</li>
          <li>Add its first MikroTik device.</li>
        </ol>
      </EmptyState>
    )
  }
  return (
    <EmptyState title="No tenant access yet">
      <p>Your account is not a member of any tenant. Ask an administrator to add you to one.</p>
    </EmptyState>
  )
}

/** Placeholder until the fleet dashboard (issue 4): says what to do next. */
export function DashboardPage(props: DashboardPageProps) {
  const s = props.session
  const canAdd = s.role === 'admin' || s.role === 'operator'
  return (
    <>
      <div class="page-header">
        <h1>Dashboard</h1>
        {props.activeTenantName && <p class="muted">Tenant: {props.activeTenantName}</p>}
      </div>
      {s.activeTenantId === null ? (
        <NoTenant isSuperAdmin={s.isSuperAdmin} />
      ) : (
        <EmptyState
          title="No devices yet"
          action={canAdd ? { href: '/devices/new', label: 'Add a device' } : undefined}
        >
          <p>Outpost polls your MikroTik routers and shows their health here.</p>
          {canAdd ? (
            <ol>
              <li>Add a device with its address and an API user.</li>
              <li>Outpost checks it right away and starts polling.</li>
              <li>Its status, resources and alerts appear on this page.</li>
            </ol>
          ) : (
            <p>Devices added by your tenant's administrators or operators will appear here.</p>
          )}
        </EmptyState>
      )}
    </>
  )
}
