// GET /api/v1/me: who the caller is (user or API key), its tenant and role. Any principal.
import { Hono } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { requireSession } from '../http/middleware/require-role.ts'
import { activeTenantName, requestActor, requestSession } from '../http/request-actor.ts'

export function meApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/me', requireSession(), (c) => {
    const s = requestSession(c)
    const actor = requestActor(c)
    const tenant = s.activeTenantId ? { id: s.activeTenantId, name: activeTenantName(c) } : null
    return c.json({
      kind: actor.kind,
      id: actor.id,
      name: actor.name,
      isSuperAdmin: s.isSuperAdmin,
      tenant,
      role: s.role,
    })
  })
  return app
}
