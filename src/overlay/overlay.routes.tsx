// Pages of the overlay: the tenant's overlay overview (interface, block, every peer's status),
// the device page's Overlay tab with "create enrollment", and the public enrollment URL the
// router's /tool fetch calls (the token is its only credential; answers are plain text for the
// router's log).
import { Hono, type Context } from 'hono'
import { DeviceShell } from '../../views/devices/device-shell.tsx'
import { DeviceOverlayTab, EnrollmentPanel } from '../../views/overlay/device-overlay-tab.tsx'
import { OverlayPage } from '../../views/overlay/overlay-page.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice, isDeviceAdmin } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { clientIp } from '../http/client-ip.ts'
import { isPartial, vary } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { AppError, ValidationError } from '../lib/errors.ts'
import { enrollRouter } from './enroll.service.ts'
import { overlayCtx, requestWhere } from './route-ctx.ts'
import { createEnrollment, deviceOverlay, fleetOverlay, overlayInfo } from './overlay.service.ts'

/** The router sends its key as JSON ({"publicKey": "…"}) or as the bare body. */
async function publicKeyFrom(c: Context<AppEnv>): Promise<string> {
  const text = (await c.req.text()).slice(0, 2000).trim()
  if (!text.startsWith('{')) return text
  try {
    const v = (JSON.parse(text) as { publicKey?: unknown }).publicKey
    return typeof v === 'string' ? v : ''
  } catch {
    return ''
  }
}

export function overlayRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const admin = [requireTenantRole('admin')] as const
  const ctx = (c: Context<TenantEnv>) => overlayCtx(c, deps)
  const where = (c: Context<TenantEnv>) => requestWhere(c, deps.config.publicUrl)

  app.get('/overlay', ...viewer, async (c) => {
    const info = await overlayInfo(ctx(c), where(c).requestHost)
    const peers = await fleetOverlay(ctx(c))
    return c.render(<OverlayPage info={info} peers={peers} now={deps.clock.now()} />, {
      title: 'Overlay',
    })
  })

  const tab = async (c: Context<TenantEnv>, panel?: Parameters<typeof EnrollmentPanel>[0]) => {
    const id = c.req.param('deviceId') ?? ''
    const view = await deviceOverlay(ctx(c), id)
    const device = await getDevice(deviceCtx(c, deps), id)
    return c.render(
      <DeviceShell
        device={device}
        tab="overlay"
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        <DeviceOverlayTab
          view={view}
          info={await overlayInfo(ctx(c), where(c).requestHost)}
          canEnroll={isDeviceAdmin(c)}
          csrfToken={c.var.csrfToken}
          now={deps.clock.now()}
          enrollment={panel}
        />
      </DeviceShell>,
      { title: `${device.name} · overlay` },
    )
  }

  app.get('/devices/:deviceId/overlay', ...viewer, (c) => tab(c))

  app.post('/devices/:deviceId/overlay/enroll', ...admin, async (c) => {
    const id = c.req.param('deviceId') ?? ''
    const result = await createEnrollment(ctx(c), id, where(c))
    vary(c)
    const panel = { result, now: deps.clock.now() }
    if (isPartial(c)) return c.html(<EnrollmentPanel {...panel} />)
    return tab(c, panel)
  })

  // public: called by the router's /tool fetch with its public key
  app.post('/overlay/enroll/:token', async (c) => {
    try {
      const out = await enrollRouter(
        deps,
        c.req.param('token'),
        await publicKeyFrom(c),
        clientIp(c),
      )
      return c.text(`enrolled: ${out.address}\n`, 200)
    } catch (err) {
      if (err instanceof ValidationError)
        return c.text(`${Object.values(err.fields).join(' ')}\n`, err.status)
      if (err instanceof AppError) return c.text(`${err.message}\n`, err.status)
      throw err
    }
  })
  return app
}
