// The fleet Firmware page: versions, counts, "check now", and a staged upgrade (a firmware job).
import { Hono, type Context } from 'hono'
import { FirmwarePage } from '../../views/firmware/firmware-page.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { field, readForm } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { createJob, jobCreateSchema } from '../jobs/index.ts'
import { ValidationError } from '../lib/errors.ts'
import { checkFirmwareNow, fleetFirmware } from './firmware.service.ts'

export function firmwareRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctxOf = (c: Context<TenantEnv>) => ({ deps, scope: c.var.scope })
  const page = async (c: Context<TenantEnv>, checked?: { checked: number; failed: number }) =>
    c.render(
      <FirmwarePage
        fleet={await fleetFirmware(ctxOf(c))}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
        checked={checked}
      />,
      { title: 'Firmware' },
    )

  app.get('/firmware', ...viewer, (c) => page(c))

  app.post('/firmware/check', ...operator, async (c) =>
    page(c, await checkFirmwareNow(ctxOf(c), [])),
  )

  app.post('/firmware/upgrade', ...operator, async (c) => {
    const v = await readForm(c)
    const fleet = await fleetFirmware(ctxOf(c))
    const ids = fleet.devices
      .filter((d) => field(v, 'scope') === 'all' || d.updateAvailable)
      .map((d) => d.deviceId)
    if (ids.length === 0)
      throw new ValidationError({ scope: 'No device has an update available: check now first.' })
    const when = field(v, 'notBefore')
    const parsed = jobCreateSchema.safeParse({
      kind: 'firmware',
      targets: { deviceIds: ids },
      firmware: {
        ...(field(v, 'channel') ? { channel: field(v, 'channel') } : {}),
        rebootTimeoutS: Number(field(v, 'rebootMinutes') || '10') * 60,
        routerboard: field(v, 'routerboard') === 'on',
      },
      canary: Number(field(v, 'canary') || '0'),
      concurrency: Number(field(v, 'batch') || '20'),
      confirmTargets: Number(field(v, 'confirmTargets') || '-1'),
      ...(when ? { notBefore: Date.parse(`${when}Z`) } : {}),
    })
    if (!parsed.success)
      throw new ValidationError({ form: parsed.error.issues[0]?.message ?? 'Check the form.' })
    const a = actorOf(c)
    const job = await createJob(
      { deps, scope: c.var.scope, actor: { kind: a.kind, id: a.id, name: a.name, ip: a.ip } },
      parsed.data,
    )
    return c.redirect(`/jobs/${job.id}`, 303)
  })
  return app
}
