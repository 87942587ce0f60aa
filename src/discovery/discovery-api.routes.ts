// /api/v1/discovery: start a scan (tenant admins), read its progress, list the adoption queue,
// adopt an entry. Same services as the pages.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from '../api/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import { ValidationError } from '../lib/errors.ts'
import { adoptCandidates } from './adopt.service.ts'
import { adoptInputSchema, scanInputSchema } from './discovery.schema.ts'
import { discoveryOverview, getScan, startScan, type DiscoveryCtx } from './discovery.service.ts'
import { discoveryCtx } from './route-ctx.ts'

const scanOut = z.object({
  id: z.string(),
  cidr: z.string(),
  ports: z.array(z.number().int()),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  total: z.number().int().describe('addresses to probe'),
  probed: z.number().int(),
  found: z.number().int().describe('addresses with an open port'),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
})

const candidateOut = z.object({
  id: z.string(),
  address: z.string().nullable(),
  mac: z.string().nullable(),
  identity: z.string().nullable(),
  version: z.string().nullable(),
  platform: z.string().nullable(),
  board: z.string().nullable(),
  interfaceName: z.string().nullable(),
  ipv6: z.string().nullable(),
  uptimeS: z.number().int().nullable(),
  openPorts: z.array(z.number().int()),
  routeros: z.string().nullable().describe('how RouterOS identified itself, if it did'),
  sources: z.array(z.enum(['scan', 'mndp', 'neighbour'])),
  reportedBy: z.string().nullable().describe('the managed router whose neighbour table listed it'),
  state: z.enum(['new', 'ignored', 'adopted']),
  managed: z.object({ id: z.string(), name: z.string() }).nullable(),
  firstSeenAt: z.number().int(),
  lastSeenAt: z.number().int(),
})

const adoptBody = z.object({
  username: z.string().max(100).optional(),
  password: z.string().max(200).optional(),
  credentialProfileId: z.string().max(64).nullable().optional(),
  siteId: z.string().max(64).nullable().optional(),
})

export function discoveryApi(api: ApiRouter, deps: DiscoveryCtx['deps']): void {
  const tag = 'Discovery'
  const ctx = (c: Context<TenantEnv>) => discoveryCtx(c, deps)
  api.tenantRoute(
    {
      method: 'post',
      path: '/discovery/scans',
      tag,
      role: 'admin',
      summary: 'Scan an IPv4 range (/16 or narrower) for RouterOS ports; answers the running scan',
      body: scanInputSchema,
      responses: { 202: z.object({ scan: scanOut }) },
    },
    async (c) => {
      const scan = await startScan(ctx(c), await readJson(c, scanInputSchema))
      return c.json({ scan }, 202)
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/discovery/scans/:scanId',
      tag,
      role: 'viewer',
      summary: 'A scan and its progress',
      responses: { 200: z.object({ scan: scanOut }) },
    },
    async (c) => c.json({ scan: await getScan(ctx(c), c.req.param('scanId') ?? '') }),
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/discovery/candidates',
      tag,
      role: 'viewer',
      summary:
        'The adoption queue: found by scans, MNDP and managed routers\u2019 neighbour tables',
      responses: { 200: z.object({ candidates: z.array(candidateOut) }) },
    },
    async (c) => c.json({ candidates: (await discoveryOverview(ctx(c))).candidates }),
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/discovery/candidates/:candidateId/adopt',
      tag,
      role: 'operator',
      summary:
        'Adopt an entry as a device; checked like adding a device (nothing is stored on failure)',
      body: adoptBody,
      responses: {
        200: z.object({
          ok: z.boolean(),
          deviceId: z.string().nullable(),
          message: z.string().nullable().describe('why it was not adopted'),
        }),
      },
    },
    async (c) => {
      const b = await readJson(c, adoptBody)
      const parsed = adoptInputSchema.safeParse({
        candidate_ids: [c.req.param('candidateId') ?? ''],
        username: b.username,
        password: b.password,
        credential_profile_id: b.credentialProfileId ?? null,
        site_id: b.siteId ?? null,
      })
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        throw new ValidationError({ [String(first?.path[0] ?? '_body')]: first?.message ?? '' })
      }
      const [r] = await adoptCandidates(ctx(c), parsed.data)
      return c.json({
        ok: r?.ok ?? false,
        deviceId: r?.deviceId ?? null,
        message: r?.message ?? null,
      })
    },
  )
}
