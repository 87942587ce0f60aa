// GET /api/v1/audit: the audit entries the caller may see, filtered and paged, in JSON.
import { Hono } from 'hono'
import { parseAuditQuery, listAudit, resolveAuditScope } from '../audit/audit-list.service.ts'
import { auditAccess } from '../audit/audit-access.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { requestSession } from '../http/request-actor.ts'

export function auditApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/audit', auditAccess, async (c) => {
    const { query, filter } = parseAuditQuery(c.req.query())
    const scope = resolveAuditScope(requestSession(c), query.tenant)
    return c.json(await listAudit(deps, scope, filter))
  })
  return app
}
