// /api/v1/api-keys: the active tenant's API keys, for its admins, in JSON.
import { z } from 'zod'
import {
  createApiKey,
  createApiKeySchema,
  listApiKeys,
  reissueApiKey,
  revokeApiKey,
} from '../api-keys/index.ts'
import type { Deps } from '../deps.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import type { ApiRouter } from './api-router.ts'
import { apiKeySchema } from './schemas/admin.ts'
import { wrap } from './schemas/common.ts'

export function apiKeysApi(api: ApiRouter, deps: Deps): void {
  const tag = 'API keys'
  const role = 'admin' as const

  api.tenantRoute(
    {
      method: 'get',
      path: '/api-keys',
      tag,
      role,
      summary: "List the tenant's API keys",
      responses: { 200: wrap('apiKeys', z.array(apiKeySchema)) },
    },
    async (c) => {
      return c.json({ apiKeys: await listApiKeys(deps, c.var.scope) })
    },
  )

  api.tenantRoute(
    {
      method: 'post',
      path: '/api-keys',
      tag,
      role,
      summary: 'Create an API key (token shown once)',
      body: createApiKeySchema,
      responses: { 201: z.object({ apiKey: apiKeySchema, token: z.string() }) },
    },
    async (c) => {
      const input = await readJson(c, createApiKeySchema)
      const created = await createApiKey(deps, actorOf(c), c.var.scope, input)
      c.header('Cache-Control', 'no-store')
      return c.json({ apiKey: created.key, token: created.token }, 201)
    },
  )

  /** Revokes (the row stays, for the record). */
  api.tenantRoute(
    {
      method: 'delete',
      path: '/api-keys/:apiKeyId',
      tag,
      role,
      summary: 'Revoke an API key',
      responses: { 200: wrap('apiKey', apiKeySchema) },
    },
    async (c) => {
      return c.json({
        apiKey: await revokeApiKey(deps, actorOf(c), c.var.scope, c.req.param('apiKeyId') ?? ''),
      })
    },
  )

  /** A new token under the calling admin's name; the old key is revoked (audited). */
  api.tenantRoute(
    {
      method: 'post',
      path: '/api-keys/:apiKeyId/reissue',
      tag,
      role,
      summary: 'Re-issue an API key under your own name (new token shown once, old key revoked)',
      responses: { 201: z.object({ apiKey: apiKeySchema, token: z.string() }) },
    },
    async (c) => {
      const created = await reissueApiKey(
        deps,
        actorOf(c),
        c.var.scope,
        c.req.param('apiKeyId') ?? '',
      )
      c.header('Cache-Control', 'no-store')
      return c.json({ apiKey: created.key, token: created.token }, 201)
    },
  )
}
