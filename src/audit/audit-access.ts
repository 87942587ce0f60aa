import type { Context, MiddlewareHandler } from 'hono'
import type { SessionEnv, SessionInfo, TenantEnv } from '../http/env.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'

const tenantAdmin = requireTenantRole('admin')

/**
 * Who may read the audit trail: super admins always (even before any tenant exists, to see
 * sign-ins), everyone else only with the admin role in the active tenant. Its handlers get a
 * typed session (SessionEnv); the audit scope comes from resolveAuditScope, not a TenantScope.
 */
export const auditAccess: MiddlewareHandler<SessionEnv> = async (c, next) => {
  // SessionEnv is what this guard promises the handler; before it has run, nothing is promised
  if ((c.var.session as SessionInfo | undefined)?.isSuperAdmin) return next()
  return tenantAdmin(c as unknown as Context<TenantEnv>, next)
}
