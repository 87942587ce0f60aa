// /api/v1/topology and /api/v1/compliance (issue 18): the laid-out graph, site coordinates, and
// compliance results, evaluation and custom rules. Same services as the pages.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from './api-router.ts'
import type { Deps } from '../deps.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import { setSiteLocation, siteLocationSchema, topologyGraph } from '../topology/index.ts'

const status = z.enum(['unknown', 'online', 'degraded', 'offline', 'auth_failed', 'unmanaged'])
const node = z.object({
  id: z.string(),
  kind: z.enum(['device', 'neighbour']),
  deviceId: z.string().nullable(),
  label: z.string(),
  status,
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  address: z.string().nullable(),
  macAddress: z.string().nullable(),
  platform: z.string().nullable(),
  board: z.string().nullable(),
  x: z.number(),
  y: z.number(),
})
const link = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  fromInterface: z.string().nullable(),
  toInterface: z.string().nullable(),
  discoveredBy: z.array(z.string()),
})
const group = z.object({
  siteId: z.string().nullable(),
  name: z.string(),
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
})

export function topologyApi(api: ApiRouter, deps: Deps): void {
  const tag = 'Topology'
  api.tenantRoute(
    {
      method: 'get',
      path: '/topology',
      tag,
      role: 'viewer',
      summary:
        'The graph from the neighbour tables: managed devices, unmanaged neighbours, links with both interfaces, laid out and grouped by site',
      responses: {
        200: z.object({
          nodes: z.array(node),
          links: z.array(link),
          groups: z.array(group),
          width: z.number(),
          height: z.number(),
          problems: z.array(z.string()).describe('neighbour entries left out, in plain words'),
        }),
      },
    },
    async (c) => c.json(await topologyGraph({ scope: c.var.scope })),
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/topology/sites/:siteId/location',
      tag,
      role: 'operator',
      summary: "Set a site's coordinates for the site map (both null clears them)",
      body: siteLocationSchema,
      responses: {
        200: z.object({
          siteId: z.string(),
          latitude: z.number().nullable(),
          longitude: z.number().nullable(),
        }),
      },
    },
    async (c: Context<TenantEnv>) => {
      const input = await readJson(c, siteLocationSchema)
      const siteId = c.req.param('siteId') ?? ''
      const { kind, id, name, ip } = actorOf(c)
      await setSiteLocation(
        { deps, scope: c.var.scope, actor: { kind, id, name, ip } },
        siteId,
        input,
      )
      return c.json({ siteId, ...input })
    },
  )
}
