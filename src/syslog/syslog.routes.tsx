// Pages of syslog: the device page's Logs tab (search, live tail, setup commands, retention) and
// the receiver status for super admins (counters, unknown senders).
import { Hono, type Context } from 'hono'
import { DeviceShell } from '../../views/devices/device-shell.tsx'
import { DeviceLogsTab, LogSetupPanel } from '../../views/syslog/device-logs-tab.tsx'
import { LogRows } from '../../views/syslog/log-rows.tsx'
import { SyslogStatusPage } from '../../views/syslog/syslog-status-page.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { parseForm } from '../http/forms.ts'
import { isPartial, vary } from '../http/htmx.ts'
import { requireSuperAdmin, requireTenantRole } from '../http/middleware/require-role.ts'
import { logStream } from './log-stream.ts'
import { applianceHost, syslogCtx } from './route-ctx.ts'
import { routerosLoggingCommands } from './syslog-commands.ts'
import type { SyslogRuntime } from './syslog-runtime.ts'
import {
  getLogDevice,
  logCapsOf,
  logFilterFromQuery,
  receiverStatus,
  searchDeviceLogs,
  setLogCaps,
} from './syslog.service.ts'
import { logCapsSchema } from './syslog.schema.ts'

function moreUrl(
  base: string,
  raw: Record<string, string>,
  next: string | undefined,
): string | undefined {
  if (next === undefined) return undefined
  const p = new URLSearchParams()
  for (const k of ['q', 'severity', 'from', 'to'] as const) if (raw[k]) p.set(k, raw[k])
  p.set('before', next)
  return `${base}?${p.toString()}`
}

export function syslogRoutes(deps: Deps, rt: SyslogRuntime): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctx = (c: Context<TenantEnv>) => syslogCtx(c, deps)

  app.get('/devices/:deviceId/logs', ...viewer, async (c) => {
    const id = c.req.param('deviceId') ?? ''
    const raw = c.req.query()
    const filter = logFilterFromQuery(raw)
    const page = await searchDeviceLogs(ctx(c), id, filter)
    const more = moreUrl(`/devices/${id}/logs`, raw, page.next)
    vary(c)
    if (isPartial(c)) return c.html(<LogRows page={page} moreUrl={more} />)
    const device = await getDevice(deviceCtx(c, deps), id)
    const values = {
      q: raw.q ?? '',
      severity: raw.severity ?? '',
      from: raw.from ?? '',
      to: raw.to ?? '',
    }
    return c.render(
      <DeviceShell
        device={device}
        tab="logs"
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        <DeviceLogsTab
          deviceId={id}
          page={page}
          filter={filter}
          values={values}
          moreUrl={more}
          caps={await logCapsOf(ctx(c), id)}
          canOperate={canEditDevices(c)}
          csrfToken={c.var.csrfToken}
          receiverPort={rt.port()}
        />
      </DeviceShell>,
      { title: `${device.name} · logs` },
    )
  })

  app.get('/devices/:deviceId/logs/stream', ...viewer, async (c) => {
    const device = await getLogDevice(ctx(c), c.req.param('deviceId') ?? '')
    return logStream(c, deps, rt.tail, device.id)
  })

  app.get('/devices/:deviceId/logs/setup', ...viewer, async (c) => {
    const device = await getLogDevice(ctx(c), c.req.param('deviceId') ?? '')
    const appliance = applianceHost(c, deps.config.publicUrl)
    const port = rt.port() === 0 ? deps.config.syslog.port || 5514 : rt.port()
    const panel = (
      <LogSetupPanel
        appliance={appliance}
        port={port}
        scripts={routerosLoggingCommands({
          appliance,
          port,
          version: device.version,
          host: device.host,
        })}
      />
    )
    vary(c)
    if (isPartial(c)) return c.html(panel)
    return c.render(panel, { title: `${device.name} · syslog setup` })
  })

  app.post('/devices/:deviceId/logs/retention', ...operator, async (c) => {
    const id = c.req.param('deviceId') ?? ''
    const form = await c.req.parseBody()
    await setLogCaps(ctx(c), id, form.reset === '1' ? null : await parseForm(c, logCapsSchema))
    return c.redirect(`/devices/${id}/logs`, 303)
  })

  app.get('/syslog', requireSuperAdmin(), (c) => {
    return c.render(
      <SyslogStatusPage status={receiverStatus(rt.ingest, rt.port())} now={deps.clock.now()} />,
      { title: 'Syslog receiver' },
    )
  })
  return app
}
