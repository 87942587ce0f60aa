// /api/v1/edges (tenant admins: registrations) and /api/v1/edge/* (the edge appliances, issue 20).
// The edge-facing routes carry no session: each handler authenticates the edge credential
// (`Authorization: Bearer ope_…`) itself, and everything it sends lands in the edge's own tenant.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from '../api/index.ts'
import type { Deps } from '../deps.ts'
import { clientIp } from '../http/client-ip.ts'
import { BadRequestError, ValidationError } from '../http/errors.ts'
import { readJson } from '../http/json-body.ts'
import { actorOf } from '../http/request-actor.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import type { EventBus } from '../poller/index.ts'
import { centralIdentity } from './central-identity.ts'
import { applyEdgeBatch } from './edge-apply.service.ts'
import { authenticateEdge, exchangeEdgeToken } from './edge-auth.service.ts'
import { pullEdgeChanges, reportEdgeChange } from './edge-changes.service.ts'
import {
  edgeBatchResultSchema,
  edgeBatchSchema,
  edgeReportSchema,
  edgeRegisterResultSchema,
  edgeRegisterSchema,
  MAX_BATCH_BYTES,
  pulledChangeSchema,
} from './edge-wire.ts'
import { createEdgeRegistration, listEdges, revokeEdge } from './edges.service.ts'

const edgeSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['waiting', 'expired', 'connected', 'silent', 'revoked']),
  createdAt: z.number().int(),
  tokenExpiresAt: z.number().int(),
  registeredAt: z.number().int().nullable(),
  lastContactAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
  backlog: z.number().int(),
  lastSeq: z.number().int(),
  devices: z.number().int(),
  version: z.string().nullable(),
})

function bearer(c: Context): string | undefined {
  const h = c.req.header('Authorization')
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined
}

/** The batch body: size-limited before parsing; broken JSON is a 400 that says so. */
async function readBatch(c: Context): Promise<unknown> {
  const declared = Number(c.req.header('Content-Length') ?? '0')
  if (declared > MAX_BATCH_BYTES)
    throw new ValidationError(
      { _body: `at most ${MAX_BATCH_BYTES} bytes a batch` },
      'The batch is too large; send smaller batches.',
    )
  const text = await c.req.text()
  if (text.length > MAX_BATCH_BYTES)
    throw new ValidationError(
      { _body: `at most ${MAX_BATCH_BYTES} bytes a batch` },
      'The batch is too large; send smaller batches.',
    )
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new BadRequestError(`The request body is not valid JSON (${(cause as Error).message}).`, {
      code: 'invalid_json',
      cause,
    })
  }
}

function parseBatch(raw: unknown) {
  const r = edgeBatchSchema.safeParse(raw)
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_body'] ??= i.message
  throw new ValidationError(fields, 'The batch is not valid; nothing was applied.')
}

export function edgeApi(
  api: ApiRouter,
  deps: Deps,
  metrics: () => MetricsBackend | undefined,
  bus: () => EventBus | undefined = () => undefined,
): void {
  const tag = 'Edge appliances'
  api.tenantRoute(
    {
      method: 'get',
      path: '/edges',
      tag,
      role: 'admin',
      summary: "List the tenant's edge appliances",
      responses: { 200: z.object({ edges: z.array(edgeSchema) }) },
    },
    async (c) => c.json({ edges: await listEdges(deps, c.var.scope) }),
  )
  const createBody = z.object({ name: z.string().min(1).max(80) })
  api.tenantRoute(
    {
      method: 'post',
      path: '/edges',
      tag,
      role: 'admin',
      summary: 'Create an edge registration (one-time token and command shown once)',
      body: createBody,
      responses: {
        201: z.object({
          edge: edgeSchema,
          token: z.string(),
          fingerprint: z.string().nullable(),
          command: z.string(),
        }),
      },
    },
    async (c) => {
      const input = await readJson(c, createBody)
      const reg = await createEdgeRegistration(
        deps,
        actorOf(c),
        c.var.scope,
        input.name,
        centralIdentity(deps.config, c.req.url),
      )
      c.header('Cache-Control', 'no-store')
      return c.json(reg, 201)
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/edges/:edgeId',
      tag,
      role: 'admin',
      summary: 'Revoke an edge (its token or credential stops working at once)',
      responses: { 200: z.object({ edge: edgeSchema }) },
    },
    async (c) =>
      c.json({
        edge: await revokeEdge(deps, actorOf(c), c.var.scope, c.req.param('edgeId') ?? ''),
      }),
  )
  api.publicRoute(
    {
      method: 'post',
      path: '/edge/register',
      tag,
      role: 'public',
      summary: 'Edge: exchange the one-time token for the edge credential (shown once)',
      body: edgeRegisterSchema,
      responses: { 201: edgeRegisterResultSchema },
    },
    async (c) => {
      const input = await readJson(c, edgeRegisterSchema)
      const r = await exchangeEdgeToken(deps, input.token, clientIp(c), input.version)
      c.header('Cache-Control', 'no-store')
      return c.json(r, 201)
    },
  )
  api.publicRoute(
    {
      method: 'post',
      path: '/edge/batches',
      tag,
      role: 'public',
      summary: 'Edge: forward outbox entries in seq order (bearer: the edge credential)',
      description: `At most 2000 entries and ${MAX_BATCH_BYTES} bytes; entries at or below the last applied seq are ignored.`,
      body: edgeBatchSchema,
      responses: { 200: edgeBatchResultSchema },
    },
    async (c) => {
      const edge = await authenticateEdge(deps, bearer(c), clientIp(c))
      const batch = parseBatch(await readBatch(c))
      return c.json(await applyEdgeBatch(deps, edge, batch, metrics(), clientIp(c), bus()))
    },
  )
  api.publicRoute(
    {
      method: 'get',
      path: '/edge/changes',
      tag,
      role: 'public',
      summary:
        'Edge: pull the change sets and previews queued for its devices (bearer: the edge credential); previews=only while it applies a change',
      query: z.object({ previews: z.enum(['only']).optional() }),
      responses: { 200: z.object({ changes: z.array(pulledChangeSchema) }) },
    },
    async (c) => {
      const edge = await authenticateEdge(deps, bearer(c), clientIp(c))
      const previewsOnly = c.req.query('previews') === 'only'
      return c.json({ changes: await pullEdgeChanges(deps, edge, previewsOnly) })
    },
  )
  api.publicRoute(
    {
      method: 'post',
      path: '/edge/changes/:changeId/result',
      tag,
      role: 'public',
      summary:
        'Edge: report the outcome of a pulled change or preview (bearer: the edge credential)',
      body: edgeReportSchema,
      responses: { 204: null },
    },
    async (c) => {
      const edge = await authenticateEdge(deps, bearer(c), clientIp(c))
      const result = await readJson(c, edgeReportSchema)
      await reportEdgeChange(deps, edge, c.req.param('changeId') ?? '', result, clientIp(c))
      return c.body(null, 204)
    },
  )
}
