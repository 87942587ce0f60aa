// GET /api/v1/audit: the audit entries the caller may see, filtered and paged, in JSON.
import {
  auditAccess,
  auditQuerySchema,
  listAudit,
  parseAuditQuery,
  resolveAuditScope,
} from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { ApiRouter } from './api-router.ts'
import { auditPageSchema } from './schemas/admin.ts'

export function auditApi(api: ApiRouter, deps: Deps): void {
  const spec = {
    method: 'get',
    path: '/audit',
    tag: 'Audit',
    role: 'admin',
    guard: auditAccess,
    summary: 'Audit entries, filtered and paged (50 a page)',
    description:
      'Tenant admins see their tenant; super admins all, one tenant (`tenant=<id>`) or appliance-wide entries (`tenant=none`).',
    query: auditQuerySchema,
    responses: { 200: auditPageSchema },
  } as const
  api.sessionRoute(spec, async (c) => {
    const { query, filter } = parseAuditQuery(c.req.query())
    const scope = resolveAuditScope(c.var.session, query.tenant)
    return c.json(await listAudit(deps, scope, filter))
  })
}
