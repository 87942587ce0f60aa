// Pages for how backups run: schedules (tenant, site, device), the terse option, and the
// history export as a git repository (secrets masked unless an admin asks; always audited).
import { Hono, type Context } from 'hono'
import { BackupSchedulesPage } from '../../views/backups/backup-schedules-page.tsx'
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { DeviceId, SiteId } from '../db/schema-devices.ts'
import { canEditDevices, deviceCtx, getDevice, isDeviceAdmin } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import { binaryPassword, readBinaryBackup, setBinaryMode } from './binary-backup.service.ts'
import { exportGitHistory } from './git-export.ts'
import {
  getBackupOptions,
  listSchedules,
  removeSchedule,
  saveBackupOptions,
  saveSchedule,
  scheduleTargets,
  type ScheduleTarget,
} from './schedule.service.ts'

/** `tenant`, `site:<id>` or `device:<id>` from the form. */
function parseTarget(v: unknown): ScheduleTarget {
  const s = typeof v === 'string' ? v : ''
  if (s === 'tenant') return { kind: 'tenant' }
  const m = /^(site|device):([\w-]{1,40})$/.exec(s)
  if (m?.[1] === 'site') return { kind: 'site', siteId: m[2] as SiteId }
  if (m?.[1] === 'device') return { kind: 'device', deviceId: m[2] as DeviceId }
  throw new ValidationError({ target: 'Pick all devices, a site or a device.' })
}

export function backupSettingsRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const admin = [requireTenantRole('admin')] as const
  const ctxOf = (c: Context<TenantEnv>) => ({ deps, scope: c.var.scope })
  const audit = async (c: Context<TenantEnv>, action: string, details: Record<string, unknown>) => {
    const a = actorOf(c)
    await recordAudit(
      deps.db,
      {
        tenantId: c.var.scope.tenantId,
        actor: { kind: a.kind, id: a.id, name: a.name },
        ip: a.ip,
        action,
        target: { type: 'backup_settings', id: c.var.scope.tenantId, label: null },
        outcome: 'success',
        details,
      },
      deps.clock.now(),
    )
  }
  const page = async (
    c: Context<TenantEnv>,
    extra: {
      form?: { target: string; cron: string; windowMinutes: string; enabled: boolean }
      errors?: Record<string, string>
    } = {},
  ) => {
    const ctx = ctxOf(c)
    const [schedules, { sites, devices }, opts] = await Promise.all([
      listSchedules(ctx),
      scheduleTargets(ctx),
      getBackupOptions(ctx),
    ])
    return c.render(
      <BackupSchedulesPage
        schedules={schedules}
        sites={sites}
        devices={devices}
        terse={opts.terse}
        canAdmin={isDeviceAdmin(c)}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        {...extra}
      />,
      { title: 'Backup schedules' },
    )
  }

  app.get('/backups/schedules', ...viewer, (c) => page(c))

  app.post('/backups/schedules', ...admin, async (c) => {
    const body = await c.req.parseBody()
    const form = {
      target: String(body.target ?? ''),
      cron: String(body.cron ?? ''),
      windowMinutes: String(body.windowMinutes ?? ''),
      enabled: body.enabled === '1',
    }
    try {
      const target = parseTarget(body.target)
      const s = await saveSchedule(ctxOf(c), target, {
        cron: form.cron,
        windowMinutes: form.windowMinutes,
        enabled: form.enabled,
      })
      await audit(c, 'backup.schedule_saved', { target: form.target, ...s })
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      c.status(422)
      return page(c, { form, errors: { ...e.fields } })
    }
    return c.redirect('/backups/schedules', 303)
  })

  app.post('/backups/schedules/delete', ...admin, async (c) => {
    const body = await c.req.parseBody()
    if (await removeSchedule(ctxOf(c), parseTarget(body.target)))
      await audit(c, 'backup.schedule_removed', { target: String(body.target) })
    return c.redirect('/backups/schedules', 303)
  })

  app.post('/backups/options', ...admin, async (c) => {
    const body = await c.req.parseBody()
    const opts = await saveBackupOptions(ctxOf(c), { terse: body.terse === '1' })
    await audit(c, 'backup.options_saved', { ...opts })
    return c.redirect('/backups/schedules', 303)
  })

  app.get('/backups/history.tar.gz', ...operator, async (c) => {
    const secrets = c.req.query('secrets') === '1'
    if (secrets && !isDeviceAdmin(c)) throw new ForbiddenError('Only admins may export secrets.')
    const out = await exportGitHistory(ctxOf(c), { revealSecrets: secrets })
    await audit(c, 'backup.history_exported', {
      unmasked: secrets,
      commits: out.commits,
      devices: out.devices,
    })
    c.header('Content-Type', 'application/gzip')
    c.header(
      'Content-Disposition',
      `attachment; filename="config-history${secrets ? '-with-secrets' : ''}.tar.gz"`,
    )
    return c.body(new Uint8Array(out.archive))
  })

  const deviceOf = (c: Context<TenantEnv>) =>
    getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')

  app.post('/devices/:deviceId/backups/binary', ...admin, async (c) => {
    const device = await deviceOf(c)
    const mode = String((await c.req.parseBody()).mode ?? '')
    if (mode !== 'off' && mode !== 'encrypted' && mode !== 'plain')
      throw new ValidationError({ mode: 'Pick off, encrypted or not encrypted.' })
    await setBinaryMode(ctxOf(c), device.id as DeviceId, mode)
    await audit(c, 'backup.binary_mode_set', { deviceId: device.id, mode })
    return c.redirect(`/devices/${device.id}/backups`, 303)
  })

  app.get('/devices/:deviceId/backups/binary/password', ...admin, async (c) => {
    const device = await deviceOf(c)
    const pw = await binaryPassword(ctxOf(c), device.id as DeviceId)
    if (pw === null)
      throw new NotFoundError('This device has no .backup password.', {
        code: 'backup_password_not_found',
      })
    await audit(c, 'backup.binary_password_revealed', { deviceId: device.id })
    c.header('Cache-Control', 'no-store')
    return c.text(pw)
  })

  app.get('/devices/:deviceId/backups/binary/:binaryId/download', ...operator, async (c) => {
    const device = await deviceOf(c)
    const id = c.req.param('binaryId') ?? ''
    const bytes = await readBinaryBackup(ctxOf(c), device.id as DeviceId, id)
    await audit(c, 'backup.binary_download', { deviceId: device.id, backupId: id })
    c.header('Content-Type', 'application/octet-stream')
    c.header(
      'Content-Disposition',
      `attachment; filename="${device.name.replace(/[^\w.-]/g, '_')}-${id}.backup"`,
    )
    return c.body(new Uint8Array(bytes))
  })

  return app
}
