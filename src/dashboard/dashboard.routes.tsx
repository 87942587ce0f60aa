import { Hono } from 'hono'
import { DashboardPage } from '../../views/dashboard/dashboard-page.tsx'
import type { AppEnv } from '../http/env.ts'
import { requireSession } from '../http/middleware/require-role.ts'

/** GET / — placeholder until the fleet dashboard lands (issue 4). */
export function dashboardRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', requireSession(), (c) => {
    const s = c.var.session
    if (!s) throw new Error('requireSession() must run before this handler')
    const active = s.memberships.find((m) => m.tenantId === s.activeTenantId)
    return c.render(<DashboardPage session={s} activeTenantName={active?.tenantName ?? null} />, {
      title: 'Dashboard',
    })
  })
  return app
}
