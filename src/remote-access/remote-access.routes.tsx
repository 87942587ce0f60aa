// Pages of remote access: the device's Terminal tab (terminal + WinBox), the terminal's
// WebSocket endpoint (reached through terminal-upgrade.ts, which runs the whole middleware stack
// first: session, tenant, role), the WinBox open/close actions, and the admins' session list and
// recording player.
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { DeviceShell } from '../../views/devices/device-shell.tsx'
import { PlayerPage, RecordingsPage } from '../../views/terminal/recordings-page.tsx'
import { TerminalTab } from '../../views/terminal/terminal-tab.tsx'
import { WinboxPanel } from '../../views/terminal/winbox-panel.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice, isDeviceAdmin } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { isPartial, redirectTo, vary } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { ForbiddenError } from '../lib/errors.ts'
import { getTerminalSession, listTerminalHistory, openRecording } from './recordings.service.ts'
import { remoteAccessOf } from './remote-access.ts'
import { auditRemote } from './remote-audit.ts'
import { upgradeOf } from './terminal-upgrade.ts'
import { openWinbox, winboxHost } from './winbox-request.ts'

const size = (v: string | undefined, fallback: number) => {
  const n = Number(v)
  return Number.isInteger(n) && n >= 2 && n <= 1000 ? n : fallback
}

/** A WebSocket's Origin must name this host: another site must not borrow the user's cookie. */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('Origin')
  if (origin === undefined) return false
  try {
    return new URL(origin).host === new URL(c.req.url).host
  } catch {
    return false
  }
}

/** Tells the upgrade handler who was refused by the guards that follow (for its audit entry). */
const noteCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  const up = upgradeOf(c)
  if (up && c.var.session) up.who = actorOf(c as unknown as Context<TenantEnv>)
  await next()
}

export function remoteAccessRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const admin = [requireTenantRole('admin')] as const
  const ra = () => remoteAccessOf(deps)

  app.get('/devices/:deviceId/terminal', ...viewer, async (c) => {
    const device = await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
    const forward = ra().winbox.find(c.var.scope, actorOf(c), device.id)
    return c.render(
      <DeviceShell
        device={device}
        tab="terminal"
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        <TerminalTab
          deviceId={device.id}
          canOperate={canEditDevices(c)}
          isAdmin={isDeviceAdmin(c)}
          recorded={deps.config.terminal.record}
          csrfToken={c.var.csrfToken}
          winbox={forward && { ...forward, host: winboxHost(c, deps) }}
        />
      </DeviceShell>,
      { title: `${device.name} · terminal` },
    )
  })

  app.get('/devices/:deviceId/terminal/socket', noteCaller, ...operator, async (c) => {
    const device = await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
    const actor = actorOf(c)
    const up = upgradeOf(c)
    if (!up) return c.text('This address takes a WebSocket (the Terminal tab opens it).', 426)
    if (!sameOrigin(c)) {
      up.audited = true
      await auditRemote(
        deps,
        { tenantId: c.var.scope.tenantId, actor, ip: actor.ip },
        'terminal.refused',
        device,
        'failure',
        { reason: 'origin', origin: c.req.header('Origin') ?? null },
      )
      throw new ForbiddenError('The terminal accepts WebSockets from this site only.', {
        code: 'terminal_bad_origin',
      })
    }
    up.ticket = {
      scope: c.var.scope,
      actor,
      device: { id: device.id, name: device.name },
      cols: size(c.req.query('cols'), 100),
      rows: size(c.req.query('rows'), 30),
    }
    return c.body(null, 204)
  })

  app.post('/devices/:deviceId/winbox', ...operator, async (c) => {
    const device = await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
    const forward = await openWinbox(c, deps, device)
    vary(c)
    if (!isPartial(c)) return redirectTo(c, `/devices/${device.id}/terminal`)
    return c.html(
      <WinboxPanel
        deviceId={device.id}
        forward={forward}
        canOperate={true}
        csrfToken={c.var.csrfToken}
      />,
    )
  })

  app.post('/devices/:deviceId/winbox/close', ...operator, async (c) => {
    const device = await getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
    await ra().winbox.close(c.var.scope, actorOf(c), device.id)
    vary(c)
    if (!isPartial(c)) return redirectTo(c, `/devices/${device.id}/terminal`)
    return c.html(
      <WinboxPanel
        deviceId={device.id}
        forward={undefined}
        canOperate={true}
        csrfToken={c.var.csrfToken}
      />,
    )
  })

  app.get('/terminal/recordings', ...admin, async (c) => {
    const sessions = await listTerminalHistory(c.var.scope)
    return c.render(
      <RecordingsPage sessions={sessions} recording={deps.config.terminal.record} />,
      { title: 'Terminal sessions' },
    )
  })

  app.get('/terminal/recordings/:sessionId', ...admin, async (c) => {
    const session = await getTerminalSession(c.var.scope, c.req.param('sessionId') ?? '')
    return c.render(<PlayerPage session={session} />, { title: 'Terminal recording' })
  })

  app.get('/terminal/recordings/:sessionId/cast', ...admin, async (c) => {
    const ctx = { deps, scope: c.var.scope, actor: actorOf(c) }
    const cast = await openRecording(ctx, c.req.param('sessionId') ?? '')
    return c.body(cast, 200, { 'Content-Type': 'application/x-asciicast; charset=utf-8' })
  })
  return app
}
