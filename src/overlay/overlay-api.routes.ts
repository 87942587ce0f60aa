// /api/v1 overlay routes: the appliance's overlay facts, a device's overlay status, and creating
// a device's one-time enrollment (admins: the stored credentials then travel over the overlay).
import type { Context } from 'hono'
import { z } from 'zod'
import type { ApiRouter } from '../api/index.ts'
import type { TenantEnv } from '../http/env.ts'
import { overlayCtx, requestWhere } from './route-ctx.ts'
import {
  createEnrollment,
  deviceOverlay,
  overlayInfo,
  type OverlayDeps,
} from './overlay.service.ts'

const stateOut = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('off'), reason: z.string() }),
  z.object({ kind: z.literal('stopped') }),
  z.object({ kind: z.literal('unavailable'), missing: z.array(z.string()) }),
  z.object({ kind: z.literal('failed'), error: z.string() }),
  z.object({
    kind: z.literal('running'),
    mode: z.enum(['kernel', 'userspace']),
    firewall: z.enum(['nft', 'iptables']).nullable(),
  }),
])

const infoOut = z.object({
  interface: z.object({ name: z.string(), state: stateOut }),
  publicKey: z.string(),
  endpoint: z.string().nullable().describe('host:port routers dial'),
  applianceAddress: z.string(),
  range: z.string(),
  tenantBlocks: z
    .array(z.string())
    .describe("the caller's tenant block (empty before its first enrollment)"),
})

const deviceOut = z.object({
  deviceId: z.string(),
  address: z.string().nullable(),
  enrolled: z.boolean(),
  enrolledAt: z.number().int().nullable(),
  publicKey: z.string().nullable(),
  latestHandshakeAt: z.number().int().nullable().describe('epoch ms; null: no handshake yet'),
  rxBytes: z.number().int().nullable(),
  txBytes: z.number().int().nullable(),
  endpoint: z.string().nullable(),
  enrollment: z
    .object({ state: z.enum(['pending', 'used', 'expired']), expiresAt: z.number().int() })
    .nullable(),
  unsupportedReason: z.string().nullable(),
})

const enrollOut = z.object({
  script: z.string(),
  enrollUrl: z.string(),
  expiresAt: z.number().int(),
})

export function overlayApi(
  api: ApiRouter,
  deps: OverlayDeps & { config: { publicUrl: string } },
): void {
  const tag = 'Overlay'
  const ctx = (c: Context<TenantEnv>) => overlayCtx(c, deps)
  const where = (c: Context<TenantEnv>) => requestWhere(c, deps.config.publicUrl)
  api.tenantRoute(
    {
      method: 'get',
      path: '/overlay',
      tag,
      role: 'viewer',
      summary: "The appliance's WireGuard interface, public key, endpoint and the tenant's block",
      responses: { 200: infoOut },
    },
    async (c) => {
      const i = await overlayInfo(ctx(c), where(c).requestHost)
      return c.json({
        interface: { name: i.interfaceName, state: i.state },
        publicKey: i.publicKey,
        endpoint: i.endpoint,
        applianceAddress: i.applianceAddress,
        range: i.range,
        tenantBlocks: i.tenantBlock === null ? [] : [i.tenantBlock],
      })
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/devices/:deviceId/overlay',
      tag,
      role: 'viewer',
      summary: "A device's overlay address and latest handshake",
      responses: { 200: deviceOut },
    },
    async (c) => {
      const { deviceName: _name, ...view } = await deviceOverlay(
        ctx(c),
        c.req.param('deviceId') ?? '',
      )
      return c.json(view)
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/devices/:deviceId/overlay/enroll',
      tag,
      role: 'admin',
      summary: 'A one-paste RouterOS 7 script and its single-use enrollment URL (24 h)',
      responses: { 201: enrollOut },
    },
    async (c) => {
      const r = await createEnrollment(ctx(c), c.req.param('deviceId') ?? '', where(c))
      return c.json({ script: r.script, enrollUrl: r.enrollUrl, expiresAt: r.expiresAt }, 201)
    },
  )
}
