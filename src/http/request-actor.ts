// The bridge from a request to the services: who acts (for checks and the audit log) and in
// which tenant. Routes guarded by requireSignedIn / requireTenantRole read the session and the
// scope straight from the context.
import type { Context } from 'hono'
import type { Actor } from '../lib/actor.ts'
import { clientIp } from './client-ip.ts'
import type { SessionEnv, SessionInfo } from './env.ts'

/** The one mapping from a session to the actor services and the audit trail see. */
export function sessionActor(s: SessionInfo, ip: string | null): Actor {
  const isAdmin = s.isSuperAdmin || (s.activeTenantId !== null && s.role === 'admin')
  if (s.via === 'api_key') {
    const id = s.apiKeyId ?? s.userId
    return { kind: 'api_key', id, name: s.username, userId: null, isSuperAdmin: false, isAdmin, ip }
  }
  return {
    kind: 'user',
    id: s.userId,
    name: s.username,
    userId: s.userId,
    isSuperAdmin: s.isSuperAdmin,
    isAdmin,
    ip,
  }
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
