// What the device page tabs and the dashboard show, as JSON: health and metric series, interfaces
// with traffic, clients, neighbours, the event log (cursor paging) and the fleet summary. The
// same DASHBOARD read functions as the pages; the device is read (and its tenant checked) first.
import type { Context } from 'hono'
import { z } from 'zod'
import {
  CHART_RANGES,
  loadClients,
  loadDashboard,
  loadEvents,
  loadInterfaces,
  loadNeighbours,
  loadOverview,
  type DetailCtx,
  type LiveSources,
} from '../dashboard/index.ts'
import type { Deps } from '../deps.ts'
import { deviceCtx, getDevice } from '../devices/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import type { ApiRouter } from './api-router.ts'
import {
  clientsSchema,
  dashboardSchema,
  eventPageSchema,
  interfacesSchema,
  neighboursSchema,
  overviewSchema,
} from './schemas/devices.ts'

const rangeQuery = z.object({ range: z.enum(CHART_RANGES).default('1h').describe('chart window') })
const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(100).optional().describe('the `nextCursor` of the previous page'),
})

/** Cursor of an event page: the (at, id) of its last event, opaque to clients. */
function encodeCursor(e: { at: number; id: string }): string {
  return Buffer.from(`${e.at}:${e.id}`).toString('base64url')
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':')
  if (!at || !id || !/^\d+$/.test(at))
    throw new ValidationError({ before: 'Not a cursor from this API.' })
  return { at: Number(at), id }
}

function parseQuery<S extends z.ZodObject>(c: Context<TenantEnv>, schema: S): z.output<S> {
  const r = schema.safeParse(c.req.query())
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_query'] ??= i.message
  throw new ValidationError(fields)
}

export function deviceDataApi(api: ApiRouter, deps: Deps, live: LiveSources | undefined): void {
  const tag = 'Device data'
  const role = 'viewer' as const

  async function detailCtx(c: Context<TenantEnv>): Promise<DetailCtx> {
    const dc = deviceCtx(c, deps)
    const device = await getDevice(dc, c.req.param('deviceId') ?? '')
    return { scope: dc.scope, fleet: deps.fleet, live, device, now: deps.clock.now() }
  }

  api.tenantRoute(
    {
      method: 'get',
      path: '/dashboard',
      tag,
      role,
      summary: 'Fleet summary: counts by status, attention list, top lists, recent events',
      responses: { 200: dashboardSchema },
    },
    async (c) => {
      const { deviceCount, summary } = await loadDashboard(c.var.scope, live, deps.clock.now())
      return c.json({ deviceCount, summary })
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/overview',
      tag,
      role,
      summary: 'Health facts and CPU, memory, disk, temperature series',
      query: rangeQuery,
      responses: { 200: overviewSchema },
    },
    async (c) => {
      const { range } = parseQuery(c, rangeQuery)
      return c.json(await loadOverview(await detailCtx(c), range))
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/interfaces',
      tag,
      role,
      summary: 'Interfaces with link state, current rates and traffic series (bit/s)',
      query: rangeQuery,
      responses: { 200: interfacesSchema },
    },
    async (c) => {
      const { range } = parseQuery(c, rangeQuery)
      return c.json(await loadInterfaces(await detailCtx(c), range))
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/clients',
      tag,
      role,
      summary: 'DHCP leases and wireless registrations',
      responses: { 200: clientsSchema },
    },
    async (c) => {
      return c.json(await loadClients(await detailCtx(c)))
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/neighbours',
      tag,
      role,
      summary: 'Discovered neighbours (MNDP/CDP/LLDP)',
      responses: { 200: neighboursSchema },
    },
    async (c) => {
      return c.json(await loadNeighbours(await detailCtx(c)))
    },
  )

  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/events',
      tag,
      role,
      summary: "The device's events, newest first (cursor paging)",
      query: eventsQuery,
      responses: { 200: eventPageSchema },
    },
    async (c) => {
      const { limit, before } = parseQuery(c, eventsQuery)
      const ctx = await detailCtx(c)
      const rows = await loadEvents(
        ctx,
        limit + 1,
        before === undefined ? undefined : decodeCursor(before),
      )
      const events = rows.slice(0, limit)
      const last = events.at(-1)
      return c.json({ events, nextCursor: rows.length > limit && last ? encodeCursor(last) : null })
    },
  )
}
