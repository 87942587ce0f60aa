// /api/v1/api-keys: the active tenant's API keys, for its admins, in JSON.
import { Hono } from 'hono'
import { createApiKey, createApiKeySchema, listApiKeys, revokeApiKey } from '../api-keys/index.ts'
import type { Deps } from '../deps.ts'
import type { AppEnv } from '../http/env.ts'
import { requireRole, requireTenant } from '../http/middleware/require-role.ts'
import { readJson } from '../http/json-body.ts'
import { requestActor, requestScope } from '../http/request-actor.ts'

export function apiKeysApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const admin = [requireRole('admin'), requireTenant()] as const

  app.get('/api-keys', ...admin, async (c) => {
    return c.json({ apiKeys: await listApiKeys(deps, requestScope(c)) })
  })

  app.post('/api-keys', ...admin, async (c) => {
    const input = await readJson(c, createApiKeySchema)
    const created = await createApiKey(deps, requestActor(c), requestScope(c), input)
    c.header('Cache-Control', 'no-store')
    return c.json({ apiKey: created.key, token: created.token }, 201)
  })

  /** Revokes (the row stays, for the record). */
  app.delete('/api-keys/:apiKeyId', ...admin, async (c) => {
    const key = await revokeApiKey(deps, requestActor(c), requestScope(c), c.req.param('apiKeyId'))
    return c.json({ apiKey: key })
  })

  return app
}
