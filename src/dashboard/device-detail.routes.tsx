// The device page tabs beyond DEVICES' overview facts: live overview panels (health, resource
// charts), interfaces, clients, neighbours and events. Each tab is a full page inside DEVICES'
// DeviceShell, and the same component as an htmx fragment for live refreshes.
import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { ClientsTab } from '../../views/devices/detail/clients-tab.tsx'
import { EventsTab } from '../../views/devices/detail/events-tab.tsx'
import { InterfacesTab } from '../../views/devices/detail/interfaces-tab.tsx'
import { NeighboursTab } from '../../views/devices/detail/neighbours-tab.tsx'
import { OverviewPanels } from '../../views/devices/detail/overview-panels.tsx'
import { StatusOob } from '../../views/devices/detail/status-oob.tsx'
import { DeviceShell, type DeviceTab } from '../../views/devices/device-shell.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { isPartial, redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import {
  loadClients,
  loadEvents,
  loadInterfaces,
  loadNeighbours,
  loadOverview,
  type DetailCtx,
} from './device-detail.service.ts'
import { CHART_RANGES, type ChartRange } from './device-detail.types.ts'
import type { LiveSources } from './live-sources.ts'

function rangeOf(c: Context<TenantEnv>): ChartRange {
  const r = c.req.query('range')
  return (CHART_RANGES as readonly string[]).includes(r ?? '') ? (r as ChartRange) : '1h'
}

/** A tab as a page (inside the device shell) or, for htmx, the tab alone plus the status badge. */
function answer(c: Context<TenantEnv>, ctx: DetailCtx, tab: DeviceTab, body: Child) {
  if (isPartial(c)) {
    return c.html(
      <>
        {body}
        <StatusOob device={ctx.device} />
      </>,
    )
  }
  const page = (
    <DeviceShell
      device={ctx.device}
      tab={tab}
      canEdit={canEditDevices(c)}
      csrfToken={c.var.csrfToken}
    >
      {body}
    </DeviceShell>
  )
  return c.render(page, { title: `${ctx.device.name} · ${tab}` })
}

export function deviceDetailRoutes(deps: Deps, live?: LiveSources): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const

  /** The device (404 for another tenant's id, via DEVICES' getDevice) and what the tabs need. */
  async function detailCtx(c: Context<TenantEnv>): Promise<DetailCtx> {
    const dc = deviceCtx(c, deps)
    const device = await getDevice(dc, c.req.param('deviceId') ?? '')
    return { scope: dc.scope, fleet: deps.fleet, live, device, now: deps.clock.now() }
  }

  app.get('/devices/:deviceId/overview', ...viewer, async (c) => {
    const ctx = await detailCtx(c)
    if (!isPartial(c)) return redirectTo(c, `/devices/${ctx.device.id}`)
    const data = await loadOverview(ctx, rangeOf(c))
    return answer(
      c,
      ctx,
      'overview',
      <OverviewPanels
        device={ctx.device}
        data={data}
        now={ctx.now}
        timeZone={c.var.session.timeZone}
      />,
    )
  })

  app.get('/devices/:deviceId/interfaces', ...viewer, async (c) => {
    const ctx = await detailCtx(c)
    const data = await loadInterfaces(ctx, rangeOf(c))
    return answer(
      c,
      ctx,
      'interfaces',
      <InterfacesTab
        deviceId={ctx.device.id}
        data={data}
        now={ctx.now}
        device={ctx.device}
        timeZone={c.var.session.timeZone}
      />,
    )
  })

  app.get('/devices/:deviceId/clients', ...viewer, async (c) => {
    const ctx = await detailCtx(c)
    const data = await loadClients(ctx)
    return answer(
      c,
      ctx,
      'clients',
      <ClientsTab deviceId={ctx.device.id} data={data} now={ctx.now} />,
    )
  })

  app.get('/devices/:deviceId/neighbours', ...viewer, async (c) => {
    const ctx = await detailCtx(c)
    const data = await loadNeighbours(ctx)
    return answer(
      c,
      ctx,
      'neighbours',
      <NeighboursTab deviceId={ctx.device.id} data={data} now={ctx.now} />,
    )
  })

  app.get('/devices/:deviceId/events', ...viewer, async (c) => {
    const ctx = await detailCtx(c)
    const events = await loadEvents(ctx)
    return answer(
      c,
      ctx,
      'events',
      <EventsTab deviceId={ctx.device.id} events={events} now={ctx.now} />,
    )
  })

  return app
}
