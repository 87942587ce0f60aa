// /api/v1/devices: list the active tenant's devices with their status (session or API key), and
// add several at once from a JSON array, validated exactly like the form. No credentials ever
// appear in a response.
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../http/env.ts'
import { ValidationError } from '../http/errors.ts'
import { requireRole, requireTenant } from '../http/middleware/require-role.ts'
import { addDevices } from './device-batch.service.ts'
import { deviceCreateSchema, deviceListQuerySchema } from './devices.schema.ts'
import { listDevices, type DevicesDeps } from './devices.service.ts'
import type { DeviceView } from './devices.types.ts'
import { deviceCtx } from './route-ctx.ts'

const MAX_BATCH = 1000

function apiDevice(d: DeviceView) {
  return {
    id: d.id, name: d.name, host: d.host, host2: d.host2, api_port: d.apiPort, transport: d.transport,
    tls_mode: d.tlsMode, ssh_port: d.sshPort, site: d.site, tags: d.tags, groups: d.groups, notes: d.notes,
    latitude: d.latitude, longitude: d.longitude, enabled: d.isEnabled, poll_interval_s: d.pollIntervalS,
    status: d.isEnabled ? d.status : 'disabled', last_error: d.lastError, identity: d.identity, board: d.board,
    version: d.version, serial: d.serial, last_seen_at: d.lastSeenAt, last_polled_at: d.lastPolledAt,
    created_at: d.createdAt, updated_at: d.updatedAt,
  }
}

function fieldErrors(issues: z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const i of issues) fields[i.path.map(String).join('.') || '_body'] ??= i.message
  return fields
}

export function devicesApiRoutes(deps: DevicesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/api/v1/devices', requireRole('viewer'), requireTenant(), async (c) => {
    const query = deviceListQuerySchema.parse({ per_page: '500', ...c.req.query() })
    const { page } = await listDevices(deviceCtx(c, deps), query)
    return c.json({
      devices: page.rows.map(apiDevice),
      total: page.total,
      page: page.query.page,
      per_page: page.query.per_page,
      page_count: page.pageCount,
    })
  })

  app.post('/api/v1/devices', requireRole('operator'), requireTenant(), async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined)
    const list = Array.isArray(body) ? body : undefined
    if (!list || list.length === 0 || list.length > MAX_BATCH) {
      throw new ValidationError({ _body: `Send a JSON array of 1 to ${MAX_BATCH} devices.` })
    }
    const parsed = z.array(deviceCreateSchema).safeParse(list)
    if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues))
    const added = await addDevices(deviceCtx(c, deps), parsed.data)
    return c.json({ devices: added.map(apiDevice) }, 201)
  })

  return app
}
