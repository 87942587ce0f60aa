// /api/v1/maintenance-windows: CRUD of maintenance windows (operators write, viewers read). Same
// services as the pages. Times of one-off windows are local to the tenant's time zone.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from './api-router.ts'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import {
  changeWindow,
  createWindow,
  getWindowView,
  listWindowViews,
  maintenanceCtx,
  removeWindow,
  WEEKDAYS,
  windowInputSchema,
  type MaintenanceCtx,
} from '../maintenance/index.ts'

const windowOut = z.object({
  id: z.string(),
  name: z.string(),
  scopeKind: z.enum(['tenant', 'site', 'tag', 'device']),
  scopeId: z.string().nullable(),
  scopeName: z.string(),
  kind: z.enum(['once', 'weekly']),
  startsAt: z.number().int().nullable().describe('once: epoch milliseconds'),
  endsAt: z.number().int().nullable(),
  startsLocal: z.string().describe("once: local start in the tenant's time zone"),
  endsLocal: z.string(),
  days: z.array(z.enum(WEEKDAYS)),
  startTime: z.string(),
  durationMin: z.number().int(),
  openUntil: z.number().int().nullable().describe('open now: until when (epoch ms)'),
})
const one = z.object({ window: windowOut })

export function maintenanceApi(api: ApiRouter, deps: MaintenanceCtx['deps']): void {
  const tag = 'Maintenance windows'
  const ctx = (c: Context<TenantEnv>) => maintenanceCtx(c, deps)
  const id = (c: Context<TenantEnv>) => c.req.param('windowId') ?? ''
  api.tenantRoute(
    {
      method: 'get',
      path: '/maintenance-windows',
      tag,
      role: 'viewer',
      summary: "The tenant's maintenance windows and its time zone",
      responses: { 200: z.object({ windows: z.array(windowOut), timeZone: z.string() }) },
    },
    async (c) => {
      const { windows, timeZone } = await listWindowViews(ctx(c))
      return c.json({ windows, timeZone })
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/maintenance-windows',
      tag,
      role: 'operator',
      summary: 'Create a window (once: startsAt/endsAt; weekly: days, startTime, durationMin)',
      body: windowInputSchema,
      responses: { 201: one },
    },
    async (c) => {
      return c.json(
        { window: await createWindow(ctx(c), await readJson(c, windowInputSchema)) },
        201,
      )
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/maintenance-windows/:windowId',
      tag,
      role: 'viewer',
      summary: 'Read a window',
      responses: { 200: one },
    },
    async (c) => {
      return c.json({ window: await getWindowView(ctx(c), id(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'patch',
      path: '/maintenance-windows/:windowId',
      tag,
      role: 'operator',
      summary: 'Change a window (send the whole window)',
      body: windowInputSchema,
      responses: { 200: one },
    },
    async (c) => {
      await getWindowView(ctx(c), id(c)) // another tenant's window is a 404, whatever the body says
      return c.json({
        window: await changeWindow(ctx(c), id(c), await readJson(c, windowInputSchema)),
      })
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/maintenance-windows/:windowId',
      tag,
      role: 'operator',
      summary: 'Delete a window (alerts it held back are notified within 30 s if still open)',
      responses: { 204: null },
    },
    async (c) => {
      await removeWindow(ctx(c), id(c))
      return c.body(null, 204)
    },
  )
}
