import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requireRole } from '../http/middleware/require-role.ts'

/**
 * Who may read the audit trail: super admins always (even before any tenant exists, to see
 * sign-ins), everyone else only with the admin role in the active tenant.
 */
export const auditAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.session?.isSuperAdmin) return next()
  return requireRole('admin')(c, next)
}
