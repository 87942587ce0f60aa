// The bridge from a request to the services: who acts (for checks and the audit log) and in
// which tenant scope. Used by the page routes and the /api/v1 routes of the admin domains.
import type { Context } from 'hono'
import type { TenantScope } from '../db/tenant-scope.ts'
import { clientIp } from './client-ip.ts'
import type { AppEnv, SessionInfo } from './env.ts'
import type { Actor } from '../tenants/index.ts'

/** The session; requireRole()/requireSession() must have run before. */
export function requestSession(c: Context<AppEnv>): SessionInfo {
  const s = c.var.session
  if (!s) throw new Error('requireRole() must run before this handler')
  return s
}

/** The acting principal: a signed-in user, or an API key (never a super admin). */
export function requestActor(c: Context<AppEnv>): Actor {
  const s = requestSession(c)
  const ip = clientIp(c)
  if (s.via === 'api_key') {
    const id = s.apiKeyId ?? s.userId
    return { kind: 'api_key', id, name: s.username, userId: null, isSuperAdmin: false, ip }
  }
  const isSuperAdmin = s.isSuperAdmin
  return { kind: 'user', id: s.userId, name: s.username, userId: s.userId, isSuperAdmin, ip }
}

/** The active tenant's scope; requireTenant() must have run before. */
export function requestScope(c: Context<AppEnv>): TenantScope {
  const scope = c.var.scope
  if (!scope) throw new Error('requireTenant() must run before this handler')
  return scope
}

/** Name of the session's active tenant ('' when none). */
export function activeTenantName(c: Context<AppEnv>): string {
  const s = requestSession(c)
  return s.memberships.find((m) => m.tenantId === s.activeTenantId)?.tenantName ?? ''
}
