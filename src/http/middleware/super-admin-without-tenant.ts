import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { redirectTo } from '../htmx.ts'

/**
 * A super admin on a fresh appliance has no tenant to act in yet: instead of "select a tenant
 * first" (there is none), send them where the next step is (e.g. the tenant list).
 */
export function superAdminWithoutTenant(to: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session
    if (s?.isSuperAdmin && s.activeTenantId === null) return redirectTo(c, to)
    await next()
  }
}
