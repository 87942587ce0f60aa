// The bridge from a request to the services: who acts (for checks and the audit log) and in
// which tenant. Typed routes (requireSignedIn / requireTenantRole) read the session and the scope
// straight from the context; the deprecated helpers below serve routes written before them.
import type { Context } from 'hono'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Actor } from '../lib/actor.ts'
import { clientIp } from './client-ip.ts'
import type { AppEnv, SessionEnv, SessionInfo } from './env.ts'

/** The one mapping from a session to the actor services and the audit trail see. */
export function sessionActor(s: SessionInfo, ip: string | null): Actor {
  const isAdmin = s.isSuperAdmin || (s.activeTenantId !== null && s.role === 'admin')
  if (s.via === 'api_key') {
    const id = s.apiKeyId ?? s.userId
    return { kind: 'api_key', id, name: s.username, userId: null, isSuperAdmin: false, isAdmin, ip }
  }
  return { kind: 'user', id: s.userId, name: s.username, userId: s.userId, isSuperAdmin: s.isSuperAdmin, isAdmin, ip }
}

/**
 * The acting principal of a signed-in request: a user, or an API key (never a super admin).
 * Generic because Hono's Context is invariant: a TenantEnv route's context is not a SessionEnv one.
 */
export function actorOf<E extends SessionEnv>(c: Context<E>): Actor {
  return sessionActor(sessionOf(c), clientIp(c))
}

/** The session of a guarded route, from a helper generic over its Env (see actorOf). */
export function sessionOf<E extends SessionEnv>(c: Context<E>): E['Variables']['session'] {
  return (c as unknown as Context<SessionEnv>).var.session
}

/** Operators and admins change things; viewers only look. */
export function canOperate(s: SessionInfo | undefined): boolean {
  return s !== undefined && (s.isSuperAdmin || s.role === 'admin' || s.role === 'operator')
}

/** Name of the session's active tenant ('' when none). */
export function tenantNameOf(s: SessionInfo): string {
  return s.memberships.find((m) => m.tenantId === s.activeTenantId)?.tenantName ?? ''
}

/**
 * The session; requireRole()/requireSession() must have run before.
 * @deprecated guard the route with requireSignedIn()/requireTenantRole() and read c.var.session.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function requestSession<E extends AppEnv>(c: Context<E>): SessionInfo {
  const s = (c as unknown as Context<AppEnv>).var.session
  if (!s) throw new Error('requireRole() must run before this handler')
  return s
}

/**
 * The acting principal; requireRole()/requireSession() must have run before.
 * @deprecated guard the route with requireSignedIn()/requireTenantRole() and call actorOf(c).
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function requestActor<E extends AppEnv>(c: Context<E>): Actor {
  return sessionActor(requestSession(c), clientIp(c))
}

/**
 * The active tenant's scope; requireTenant() must have run before.
 * @deprecated guard the route with requireTenantRole(min) and read c.var.scope.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function requestScope<E extends AppEnv>(c: Context<E>): TenantScope {
  const scope = (c as unknown as Context<AppEnv>).var.scope
  if (!scope) throw new Error('requireTenant() must run before this handler')
  return scope
}

/**
 * Name of the session's active tenant ('' when none).
 * @deprecated use tenantNameOf(c.var.session) on a typed route.
 * @public kept for routes written before the typed guards (branches being merged)
 */
export function activeTenantName<E extends AppEnv>(c: Context<E>): string {
  return tenantNameOf(requestSession(c))
}
