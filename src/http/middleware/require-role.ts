import type { MiddlewareHandler } from 'hono'
import type { AppEnv, TenantRole } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { unauthenticated } from './unauthenticated.ts'

export type RequiredRole = TenantRole | 'super_admin'

const RANK: Record<TenantRole, number> = { viewer: 1, operator: 2, admin: 3 }

/** Any signed-in principal (account pages, the dashboard). */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.session) return unauthenticated(c)
    await next()
  }
}

/**
 * Declared next to each route: `app.post('/users', requireRole('admin'), requireTenant(), …)`.
 * Tenant roles are checked against the role in the active tenant (a super admin is admin in every
 * tenant); `super_admin` is the appliance-wide role. Wrong role → 403.
 */
export function requireRole(min: RequiredRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session
    if (!s) return unauthenticated(c)
    if (min === 'super_admin') {
      if (!s.isSuperAdmin) throw new ForbiddenError()
      return next()
    }
    if (s.activeTenantId === null || s.role === null) {
      throw new ForbiddenError('Select a tenant first (tenant switcher at the top of the page).')
    }
    if (RANK[s.role] < RANK[min]) throw new ForbiddenError()
    await next()
  }
}

export { requireTenant } from './tenant-scope.ts'
export { isApiPath } from './unauthenticated.ts'
