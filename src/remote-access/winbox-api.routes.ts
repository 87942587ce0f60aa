// POST /api/v1/devices/{deviceId}/winbox opens (or returns) the caller's WinBox forward to the
// device, limited to the caller's address; DELETE closes it. Same forwards as the Terminal tab.
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from '../api/index.ts'
import type { Deps } from '../deps.ts'
import { deviceCtx, getDevice } from '../devices/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { actorOf } from '../http/request-actor.ts'
import { remoteAccessOf } from './remote-access.ts'
import { openWinbox } from './winbox-request.ts'

const forwardOut = z.object({
  host: z.string().describe("the appliance's address to enter in WinBox"),
  port: z.number().int().describe('the forwarding port on the appliance'),
  expiresAt: z.string().describe('ISO time the forward closes unless WinBox traffic flows before'),
})

export function winboxApi(api: ApiRouter, deps: Deps): void {
  const device = (c: Context<TenantEnv>) =>
    getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/winbox',
      tag: 'Remote access',
      role: 'operator',
      summary:
        "Open a WinBox forward to the device (only the caller's address may connect; closes after the idle time)",
      responses: { 201: forwardOut },
    },
    async (c: Context<TenantEnv>) => {
      const d = await device(c)
      const f = await openWinbox(c, deps, { id: d.id, name: d.name })
      return c.json(
        { host: f.host, port: f.port, expiresAt: new Date(f.expiresAt).toISOString() },
        201,
      )
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/devices/:deviceId/winbox',
      tag: 'Remote access',
      role: 'operator',
      summary: "Close the caller's WinBox forward to the device (also when it is already closed)",
      responses: { 204: null },
    },
    async (c: Context<TenantEnv>) => {
      const d = await device(c)
      // idempotent: closing a forward that already closed (idle) is not an error
      await remoteAccessOf(deps).winbox.close(c.var.scope, actorOf(c), d.id)
      return c.body(null, 204)
    },
  )
}
