// GET /api/v1/me: who the caller is (user or API key), its tenant and role. Any principal.
import type { ApiRouter } from './api-router.ts'
import { activeTenantName, requestActor, requestSession } from '../http/request-actor.ts'
import { meSchema } from './schemas/admin.ts'

export function meApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/me', tag: 'Account', summary: 'Who am I', role: 'session', responses: { 200: meSchema } },
    (c) => {
      const s = requestSession(c)
      const actor = requestActor(c)
      const tenant = s.activeTenantId ? { id: s.activeTenantId, name: activeTenantName(c) } : null
      return c.json({ kind: actor.kind, id: actor.id, name: actor.name, isSuperAdmin: s.isSuperAdmin, tenant, role: s.role })
    },
  )
}
