// GET /all…: the cross-customer view for staff with several tenants and super admins (issue 15).
// Read-only pages over every membership; a device of another tenant opens only after an explicit
// switch (POST /all/devices/:deviceId/open), so every other page keeps acting in one tenant.
import { Hono, type Context } from 'hono'
import { AllDevicesPage, AllDeviceRows } from '../../views/overview/all-devices-page.tsx'
import { AllEventsPage } from '../../views/overview/all-events-page.tsx'
import { DeviceElsewherePage } from '../../views/overview/device-elsewhere-page.tsx'
import { OverviewPage } from '../../views/overview/overview-page.tsx'
import { switchTenant } from '../auth/index.ts'
import { clientIp, userAgent } from '../http/client-ip.ts'
import type { AppEnv, SessionEnv, SessionInfo } from '../http/env.ts'
import { NotFoundError } from '../http/errors.ts'
import { setFlash } from '../http/flash.ts'
import { isHtmx, isPartial, redirectTo, vary } from '../http/htmx.ts'
import { requireSignedIn } from '../http/middleware/require-role.ts'
import { memberScopes } from '../http/middleware/tenant-scope.ts'
import { setAccessCookie } from '../http/session-cookies.ts'
import { isId } from '../lib/ids.ts'
import {
  EVENT_KINDS,
  overviewDeviceQuerySchema,
  overviewEventQuerySchema,
} from './overview.schema.ts'
import {
  listAllEvents,
  loadFleetOverview,
  locateDevice,
  searchAllDevices,
} from './overview.service.ts'

const members = (c: Context<SessionEnv>) => memberScopes(c.var.session, c.var.deps)

const deviceHref = (id: string) => `/devices/${encodeURIComponent(id)}`

/** The device's own page when it is in the active tenant, else the explicit-switch page. */
async function openDevice(c: Context<SessionEnv>, deviceId: string) {
  const s = c.var.session
  const where = isId(deviceId)
    ? await locateDevice(members(c), s.activeTenantId, deviceId)
    : undefined
  if (!where) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  if (where.isActiveTenant) return redirectTo(c, deviceHref(deviceId))
  return c.render(<DeviceElsewherePage location={where} csrfToken={c.var.csrfToken} />, {
    title: where.deviceName,
  })
}

/**
 * A link to a device of another of the user's tenants (bookmark, alert mail, a colleague's
 * message) answered 404 in the active tenant: for a person who belongs to that tenant, offer the
 * switch instead. Only plain page loads; fragments and other users keep their 404.
 */
export function deviceElsewhere(): (
  c: Context<AppEnv>,
  next: () => Promise<void>,
) => Promise<void> {
  return async (c, next) => {
    const deviceId = c.req.param('deviceId') ?? ''
    await next()
    const s = c.var.session as SessionInfo | undefined
    if (c.res.status !== 404 || c.req.method !== 'GET' || isHtmx(c) || !isId(deviceId)) return
    if (!s || s.via !== 'cookie' || s.memberships.length < 2) return
    const where = await locateDevice(memberScopes(s, c.var.deps), s.activeTenantId, deviceId)
    if (!where || where.isActiveTenant) return
    c.status(200)
    c.res = await c.render(<DeviceElsewherePage location={where} csrfToken={c.var.csrfToken} />, {
      title: where.deviceName,
    })
  }
}

export function overviewRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const signedIn = requireSignedIn()

  app.get('/all', signedIn, async (c) => {
    const overview = await loadFleetOverview(members(c))
    return c.render(<OverviewPage overview={overview} now={c.var.deps.clock.now()} />, {
      title: 'All tenants',
    })
  })

  app.get('/all/devices', signedIn, async (c) => {
    const query = overviewDeviceQuerySchema.parse(c.req.query())
    const page = await searchAllDevices(members(c), query)
    const now = c.var.deps.clock.now()
    vary(c)
    if (isPartial(c)) return c.html(<AllDeviceRows page={page} now={now} />)
    const tenants = c.var.session.memberships
    return c.render(<AllDevicesPage page={page} tenants={tenants} now={now} />, {
      title: 'Devices of all tenants',
    })
  })

  app.get('/all/events', signedIn, async (c) => {
    const query = overviewEventQuerySchema.parse(c.req.query())
    const page = await listAllEvents(members(c), query)
    const tenants = c.var.session.memberships
    return c.render(<AllEventsPage page={page} tenants={tenants} kinds={EVENT_KINDS} />, {
      title: 'Events of all tenants',
    })
  })

  app.get('/all/devices/:deviceId', signedIn, (c) => openDevice(c, c.req.param('deviceId')))

  // the explicit switch: the session moves to the device's tenant (audited), then opens it
  app.post('/all/devices/:deviceId/open', signedIn, async (c) => {
    const s = c.var.session
    const deviceId = c.req.param('deviceId')
    const where = isId(deviceId) ? await locateDevice(members(c), null, deviceId) : undefined
    if (!where || s.via !== 'cookie') throw new NotFoundError('Device not found.')
    if (where.tenant.tenantId !== s.activeTenantId) {
      const meta = { ip: clientIp(c), userAgent: userAgent(c) }
      const result = await switchTenant(c.var.deps, s, where.tenant.tenantId, meta)
      if (!result.ok) throw new NotFoundError('Device not found.')
      setAccessCookie(c, result.access, result.accessExpiresAt, c.var.deps.clock.now())
      setFlash(c, { kind: 'success', message: `Switched to ${result.tenantName}.` })
    }
    return redirectTo(c, deviceHref(deviceId))
  })

  return app
}

/** The hook on device pages, mounted before the devices router (see src/app.ts). */
export function deviceElsewhereRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const hook = deviceElsewhere()
  app.use('/devices/:deviceId', hook)
  app.use('/devices/:deviceId/*', hook)
  return app
}
