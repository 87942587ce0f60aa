import type { MiddlewareHandler } from 'hono'
import { forTenant } from '../../db/tenant-scope.ts'
import type { SessionEnv, SessionInfo, TenantEnv, TenantRole } from '../env.ts'
import { ForbiddenError } from '../errors.ts'
import { assertPageTenant } from '../page-tenant.ts'
import { unauthenticated } from './unauthenticated.ts'

const RANK: Record<TenantRole, number> = { viewer: 1, operator: 2, admin: 3 }

/** Whether a role in a tenant is at least `min` (admin > operator > viewer). */
export function roleAtLeast(role: TenantRole, min: TenantRole): boolean {
  return RANK[role] >= RANK[min]
}

const SELECT_TENANT = 'Select a tenant first (tenant switcher at the top of the page).'

/**
 * The guard of every route that acts in a tenant: `app.post('/x', requireTenantRole('operator'),
 * (c) => … c.var.scope …)`. Checks the role in the session's active tenant (a super admin is admin
 * in every tenant) and builds the TenantScope: one of the three places a scope is built
 * (ARCHITECTURE.md). A request from a page rendered for another tenant (switched in another tab)
 * is refused (src/http/page-tenant.ts). Its TenantEnv type tells the handler that `session` has an active tenant and
 * `scope` is set, so handlers need no runtime checks. No session → sign-in; wrong role → 403.
 */
export function requireTenantRole(min: TenantRole): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    // TenantEnv is what this guard promises the handler; before it has run, nothing is promised
    const s = c.var.session as SessionInfo | undefined
    if (!s) return unauthenticated(c)
    if (s.activeTenantId === null || s.role === null) throw new ForbiddenError(SELECT_TENANT)
    if (!roleAtLeast(s.role, min)) throw new ForbiddenError()
    await assertPageTenant(c, s)
    c.set('scope', forTenant(c.var.deps.kysely, s.activeTenantId))
    await next()
  }
}

/**
 * A signed-in page that also works without a tenant (the dashboard): the session is typed, and
 * c.var.scope is the active tenant's scope when there is one (a real branch, not a missing guard).
 */
export function requireSignedInScopeIfTenant(): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const s = c.var.session as SessionInfo | undefined
    if (!s) return unauthenticated(c)
    await assertPageTenant(c, s)
    if (s.activeTenantId !== null) c.set('scope', forTenant(c.var.deps.kysely, s.activeTenantId))
    await next()
  }
}

/**
 * Every tenant the signed-in user may see, each with its own TenantScope, for the cross-customer
 * view (issue 15): one scope per membership (every tenant for a super admin), never one query
 * over several tenants.
 */
export function memberScopes(s: SessionInfo, deps: SessionEnv['Variables']['deps']) {
  return s.memberships.map((m) => ({ ...m, scope: forTenant(deps.kysely, m.tenantId) }))
}
