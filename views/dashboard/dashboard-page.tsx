import type { SessionInfo } from '../../src/auth/auth.types.ts'
import type { DashboardData } from '../../src/dashboard/dashboard.types.ts'
import { ActiveAlertsSlot } from '../alerts/active-alerts-panel.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { DashboardPanels } from './dashboard-panels.tsx'

export interface DashboardPageProps {
  session: SessionInfo
  activeTenantName: string | null
  /** null when the session has no active tenant */
  data: DashboardData | null
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

/** The fleet dashboard of the active tenant (or what to do first when there is none). */
export function DashboardPage(props: DashboardPageProps) {
  const s = props.session
  const canAdd = s.isSuperAdmin || s.role === 'admin' || s.role === 'operator'
  return (
    <>
      <div class="page-header">
        <h1>Dashboard</h1>
        {props.activeTenantName && (
          <p class="muted">
            Tenant: {props.activeTenantName}{' '}
            <span class="live-dot" title="Live updates">
              live
            </span>
          </p>
        )}
      </div>
      {props.data !== null && <ActiveAlertsSlot />}
      {props.data === null ? (
        <NoTenant isSuperAdmin={s.isSuperAdmin} />
      ) : (
        <DashboardPanels data={props.data} canAdd={canAdd} />
      )}
    </>
  )
}
