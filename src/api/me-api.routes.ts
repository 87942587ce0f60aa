// GET /api/v1/me: who the caller is (user or API key), its tenant and role. Any principal.
import type { ApiRouter } from './api-router.ts'
import { actorOf, tenantNameOf } from '../http/request-actor.ts'
import { meSchema } from './schemas/admin.ts'

export function meApi(api: ApiRouter): void {
  api.sessionRoute(
    {
      method: 'get',
      path: '/me',
      tag: 'Account',
      summary: 'Who am I',
      role: 'session',
      responses: { 200: meSchema },
    },
    (c) => {
      const s = c.var.session
      const actor = actorOf(c)
      const tenant = s.activeTenantId
        ? { id: s.activeTenantId, name: tenantNameOf(c.var.session) }
        : null
      return c.json({
        kind: actor.kind,
        id: actor.id,
        name: actor.name,
        isSuperAdmin: s.isSuperAdmin,
        tenant,
        role: s.role,
      })
    },
  )
}
