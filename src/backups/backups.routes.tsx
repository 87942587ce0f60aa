// Pages of config backups: the device page's Backups tab (timeline, view, diff, download, "back
// up now") and the fleet Backups page (coverage, last result per device, "back up all now",
// search). Secrets are masked for everyone by default; operators may reveal (audited).
import { Hono, type Context } from 'hono'
import { BackupTextPanel, DeviceBackupsTab } from '../../views/backups/device-backups-tab.tsx'
import { SideBySideDiff } from '../../views/backups/side-by-side-diff.tsx'
import { FleetBackupsPage, type Coverage } from '../../views/backups/fleet-backups-page.tsx'
import { DeviceShell } from '../../views/devices/device-shell.tsx'
import type { Deps } from '../deps.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { canEditDevices, deviceCtx, getDevice, isDeviceAdmin } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { AppError, ValidationError } from '../http/errors.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf } from '../http/request-actor.ts'
import type { LiveSources } from '../dashboard/index.ts'
import { fleetBackupState, lastAttempt } from './backup-status.service.ts'
import { latestTenantRun, startTenantRun } from './backup-run.service.ts'
import { backupSettingsRoutes } from './backup-settings.routes.tsx'
import { binaryMode, listBinaryBackups } from './binary-backup.service.ts'
import { BinaryBackupsSection } from '../../views/backups/binary-backups-section.tsx'
import {
  diffSideBySide,
  diffVersions,
  downloadExport,
  versionText,
  type Reader,
  type ReaderCtx,
} from './backup-views.service.ts'
import { listBackups } from './backups.service.ts'
import { searchWithNames } from './backups-context.ts'
import { backUpDevice } from './capture.service.ts'

const DAY_MS = 86_400_000

function coverageOf(
  r: {
    last_attempt_at: number | null
    last_success_at: number | null
    last_error: string | null
    last_version_at: number | null
  },
  now: number,
): Coverage {
  const good = Math.max(r.last_success_at ?? 0, r.last_version_at ?? 0)
  if (r.last_error !== null) return 'failing'
  if (good === 0) return 'never'
  return now - good <= DAY_MS ? 'fresh' : 'stale'
}

export function backupsRoutes(deps: Deps, live?: LiveSources): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctxOf = (c: Context<TenantEnv>): ReaderCtx => ({ deps, scope: c.var.scope, bus: live?.bus })
  const reader = (c: Context<TenantEnv>, reveal: boolean): Reader => {
    const a = actorOf(c)
    return {
      kind: a.kind,
      id: a.id,
      name: a.name,
      ip: a.ip,
      mayReveal: reveal && canEditDevices(c),
    }
  }
  const deviceOf = (c: Context<TenantEnv>) =>
    getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
  const inShell = async (
    c: Context<TenantEnv>,
    device: Awaited<ReturnType<typeof deviceOf>>,
    body: unknown,
    title: string,
  ) =>
    c.render(
      <DeviceShell
        device={device}
        tab="backups"
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        {body as never}
      </DeviceShell>,
      { title: `${device.name} · ${title}` },
    )

  app.get('/devices/:deviceId/backups', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const ctx = ctxOf(c)
    const id = device.id as DeviceId
    const tab = (
      <DeviceBackupsTab
        deviceId={id}
        backups={await listBackups(ctx, id)}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={deps.clock.now()}
        last={await lastAttempt(ctx.scope, id)}
        binary={
          <BinaryBackupsSection
            deviceId={id}
            mode={await binaryMode(ctx.scope, id)}
            files={await listBinaryBackups(ctx.scope, id)}
            canOperate={canEditDevices(c)}
            canAdmin={isDeviceAdmin(c)}
            csrfToken={c.var.csrfToken}
          />
        }
      />
    )
    return inShell(c, device, tab, 'backups')
  })

  app.post('/devices/:deviceId/backups', ...operator, async (c) => {
    const device = await deviceOf(c)
    // the outcome (stored, unchanged, or why not) shows on the tab from the recorded attempt
    await backUpDevice(ctxOf(c), device.id as DeviceId)
    return c.redirect(`/devices/${device.id}/backups`, 303)
  })

  app.get('/devices/:deviceId/backups/diff', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const from = c.req.query('from') ?? ''
    const to = c.req.query('to') ?? ''
    if (!/^[\w-]{1,40}$/.test(from) || !/^[\w-]{1,40}$/.test(to))
      throw new ValidationError({ from: 'Pick two versions to compare.' })
    const reveal = c.req.query('reveal') === '1' && canEditDevices(c)
    const split = c.req.query('view') === 'split'
    const base = `/devices/${device.id}/backups`
    const here = `${base}/diff?from=${from}&to=${to}`
    const title = `Changes ${from} → ${to === 'live' ? 'live configuration' : to}`
    const revealHref =
      !reveal && canEditDevices(c) ? `${here}${split ? '&view=split' : ''}&reveal=1` : undefined
    const note = reveal ? 'Secrets shown (this view was audited).' : 'Secrets masked.'
    try {
      if (split) {
        const rows = await diffSideBySide(
          ctxOf(c),
          reader(c, reveal),
          device.id as DeviceId,
          from,
          to,
        )
        return inShell(
          c,
          device,
          <SideBySideDiff
            title={title}
            rows={rows}
            note={note}
            backHref={base}
            unifiedHref={here}
            revealHref={revealHref}
          />,
          'diff',
        )
      }
      const text = await diffVersions(ctxOf(c), reader(c, reveal), device.id as DeviceId, from, to)
      return inShell(
        c,
        device,
        <BackupTextPanel
          isDiff
          title={title}
          text={text}
          backHref={base}
          revealHref={revealHref}
          note={note}
          splitHref={`${here}&view=split`}
        />,
        'diff',
      )
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 409) throw e
      return inShell(
        c,
        device,
        <BackupTextPanel
          title="Compare with the live configuration"
          text={e.message}
          note="The live configuration could not be captured."
          backHref={base}
        />,
        'diff',
      )
    }
  })

  app.get('/devices/:deviceId/backups/:backupId', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const backupId = c.req.param('backupId') ?? ''
    const reveal = c.req.query('reveal') === '1' && canEditDevices(c)
    const v = await versionText(
      ctxOf(c),
      reader(c, reveal),
      device.id as DeviceId,
      backupId,
      reveal,
    )
    const base = `/devices/${device.id}/backups`
    const revealHref = !v.revealed && canEditDevices(c) ? `${base}/${backupId}?reveal=1` : undefined
    const panel = (
      <BackupTextPanel
        title={`Version ${backupId}`}
        text={v.text}
        backHref={base}
        revealHref={revealHref}
        note={v.revealed ? 'Secrets shown (this view was audited).' : 'Secrets masked.'}
      />
    )
    return inShell(c, device, panel, 'version')
  })

  app.get('/devices/:deviceId/backups/:backupId/export.rsc', ...operator, async (c) => {
    const device = await deviceOf(c)
    const backupId = c.req.param('backupId') ?? ''
    const text = await downloadExport(ctxOf(c), reader(c, true), device.id as DeviceId, backupId)
    c.header(
      'Content-Disposition',
      `attachment; filename="${device.name.replace(/[^\w.-]/g, '_')}-${backupId}.rsc"`,
    )
    return c.text(text)
  })

  app.get('/backups', ...viewer, async (c) => {
    const ctx = ctxOf(c)
    const now = deps.clock.now()
    const rows = (await fleetBackupState(ctx.scope)).map((r) => ({
      id: r.id,
      name: r.name,
      coverage: coverageOf(r, now),
      lastAttemptAt: r.last_attempt_at,
      lastVersionAt: r.last_version_at,
      lastError: r.last_error,
    }))
    const q = (c.req.query('q') ?? '').trim()
    let results = null
    let searchError: string | null = null
    if (q !== '') {
      try {
        results = await searchWithNames(ctx, q)
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e
        searchError = Object.values(e.fields ?? {})[0] ?? e.message
      }
    }
    return c.render(
      <FleetBackupsPage
        rows={rows}
        run={latestTenantRun(ctx)}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
        now={now}
        q={q}
        results={results}
        searchError={searchError}
      />,
      { title: 'Backups' },
    )
  })

  app.post('/backups/run', ...operator, async (c) => {
    await startTenantRun(ctxOf(c))
    return c.redirect('/backups', 303)
  })

  app.route('/', backupSettingsRoutes(deps))

  return app
}
