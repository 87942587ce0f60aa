import type { MiddlewareHandler } from 'hono'
import type { SessionEnv, SessionInfo } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { unauthenticated } from './unauthenticated.ts'

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

export { requireSignedInScopeIfTenant, requireTenantRole } from './tenant-scope.ts'
export { isApiPath } from './unauthenticated.ts'
