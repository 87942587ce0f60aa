import type { MiddlewareHandler } from 'hono'
import { forTenant } from '../../db/tenant-scope.ts'
import type { AppEnv } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { unauthenticated } from './unauthenticated.ts'

/**
 * Sets c.var.scope to the active tenant of the session: one of the three places a TenantScope is
 * built (ARCHITECTURE.md). The session middleware already checked that the user may act in it.
 */
export function requireTenant(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session
    if (!s) return unauthenticated(c)
    if (s.activeTenantId === null) {
      throw new ForbiddenError('Select a tenant first (tenant switcher at the top of the page).')
    }
    c.set('scope', forTenant(c.var.deps.kysely, s.activeTenantId))
    await next()
  }
}
