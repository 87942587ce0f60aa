import type { MiddlewareHandler } from 'hono'
import type { AppEnv, SessionEnv, SessionInfo, TenantRole } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { requireTenant as tenantOfSession, roleAtLeast } from './tenant-scope.ts'
import { unauthenticated } from './unauthenticated.ts'

export type RequiredRole = TenantRole | 'super_admin'

/** Any signed-in principal (account pages, the dashboard); the handler's session is typed. */
export function requireSignedIn(): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    // SessionEnv is what this guard promises the handler; before it has run, nothing is promised
    if (!(c.var.session as SessionInfo | undefined)) return unauthenticated(c)
    await next()
  }
}

/** The appliance-wide role (tenants, all users, appliance backups); the session is typed. */
export function requireSuperAdmin(): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const s = c.var.session as SessionInfo | undefined
    if (!s) return unauthenticated(c)
    if (!s.isSuperAdmin) throw new ForbiddenError()
    await next()
  }
}

/**
 * Any signed-in principal.
 * @deprecated use requireSignedIn(): its handlers get a typed session.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.session) return unauthenticated(c)
    await next()
  }
}

/**
 * Role check without a typed context: wrong role → 403.
 * @deprecated use requireTenantRole(min) or requireSuperAdmin(): their handlers need no checks.
 * @public kept for routes written before the typed guards (branches being merged)
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
    if (!roleAtLeast(s.role, min)) throw new ForbiddenError()
    await next()
  }
}

/**
 * Sets c.var.scope after requireRole().
 * @deprecated use requireTenantRole(min): its handlers get a typed scope without runtime checks.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export const requireTenant = tenantOfSession

export { requireSignedInScopeIfTenant, requireTenantRole } from './tenant-scope.ts'
export { isApiPath } from './unauthenticated.ts'
