import { Hono } from 'hono'
import { DashboardPage } from '../../views/dashboard/dashboard-page.tsx'
import { DashboardPanels } from '../../views/dashboard/dashboard-panels.tsx'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { isPartial } from '../http/htmx.ts'
import { requireSignedInScopeIfTenant } from '../http/middleware/require-role.ts'
import { loadDashboard } from './dashboard.service.ts'
import type { LiveSources } from './live-sources.ts'

/** GET / — the fleet dashboard of the active tenant; as an htmx fragment, its live panels. */
export function dashboardRoutes(deps: Pick<Deps, 'clock'>, live?: LiveSources): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  // the page also works without a tenant (a super admin before creating one): scope is optional
  app.get('/', requireSignedInScopeIfTenant(), async (c) => {
    const s = c.var.session
    const scope = c.var.scope
    const attentionNo = Number(c.req.query('attention') ?? '1')
    const data = scope ? await loadDashboard(scope, live, deps.clock.now(), attentionNo) : null
    const canAdd = s.isSuperAdmin || s.role === 'admin' || s.role === 'operator'
    if (isPartial(c) && data) return c.html(<DashboardPanels data={data} canAdd={canAdd} />)
    const active = s.memberships.find((m) => m.tenantId === s.activeTenantId)
    return c.render(
      <DashboardPage session={s} activeTenantName={active?.tenantName ?? null} data={data} />,
      {
        title: 'Dashboard',
      },
    )
  })
  return app
}
