// The device's Certificate tab: the current certificate from Outpost's CA and (admins) issue/renew.
import { Hono, type Context } from 'hono'
import { DeviceCertificatePanel } from '../../views/certificates/device-certificate-panel.tsx'
import { DeviceShell } from '../../views/devices/device-shell.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice, isDeviceAdmin } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { setFlash } from '../http/flash.ts'
import { redirectTo } from '../http/htmx.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { deviceCertificate, issueDeviceCertificate } from './certificates.service.ts'

export function certificatesRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const deviceOf = (c: Context<TenantEnv>) =>
    getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')

  app.get('/devices/:deviceId/certificate', requireTenantRole('viewer'), async (c) => {
    const device = await deviceOf(c)
    const panel = (
      <DeviceCertificatePanel
        device={device}
        certificate={await deviceCertificate(c.var.scope, device.id)}
        canAdmin={isDeviceAdmin(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
      />
    )
    return c.render(
      <DeviceShell
        device={device}
        tab="certificate"
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        {panel}
      </DeviceShell>,
      { title: `${device.name} · certificate` },
    )
  })

  app.post('/devices/:deviceId/certificate', requireTenantRole('admin'), async (c) => {
    const device = await deviceOf(c)
    const a = actorOf(c)
    const actor = { kind: a.kind, id: a.id, name: a.name, ip: a.ip }
    const r = await issueDeviceCertificate({ deps, scope: c.var.scope, actor }, device.id)
    setFlash(
      c,
      r.ok
        ? {
            kind: 'success',
            message: `Installed a certificate on ${device.name}; Outpost now verifies it against its CA.`,
          }
        : {
            kind: 'error',
            message: `${device.name}: ${r.message} The device settings are unchanged.`,
          },
    )
    return redirectTo(c, `/devices/${device.id}/certificate`)
  })

  return app
}
