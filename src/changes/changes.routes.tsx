// Pages of config changes: the device page's Config tab (browse a menu, collect edits into one
// change set, apply it standard or safe), the Changes tab (history), one change with its live
// countdown (SSE) and "Keep", and the restore of a stored version (preview, then safe apply).
// Viewers read with secrets masked; operators change.
import { Hono, type Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ChangePanel, ChangesTab } from '../../views/changes/change-page.tsx'
import { ConfigTab } from '../../views/changes/config-tab.tsx'
import { BinaryRestorePanel } from '../../views/changes/binary-restore-panel.tsx'
import { RestorePreviewPanel } from '../../views/changes/restore-panel.tsx'
import { DeviceShell, type DeviceTab } from '../../views/devices/device-shell.tsx'
import type { Deps } from '../deps.ts'
import { canEditDevices, deviceCtx, getDevice } from '../devices/index.ts'
import type { AppEnv, TenantEnv } from '../http/env.ts'
import { AppError } from '../http/errors.ts'
import { readForm } from '../http/forms.ts'
import { requireTenantRole } from '../http/middleware/require-role.ts'
import { actorOf as requestActorOf } from '../http/request-actor.ts'
import { previewBinaryRestore, restoreBinaryBackup } from './binary-restore.service.ts'
import { runnerFor } from './change-runner.ts'
import {
  changeWindow,
  deviceChangeLock,
  followDeviceChanges,
  getChange,
  listDeviceChanges,
  startChange,
  type ChangeCtx,
} from './changes.service.ts'
import type { ChangeActor } from './changes.types.ts'
import { keepChange } from './keep.service.ts'
import { configMenus, readConfig, type ConfigListing } from './config-read.service.ts'
import { operationFromForm } from './editor-form.ts'
import { renderScript } from './render.ts'
import { previewRestore, restoreBackup } from './restore.service.ts'
import { maskOperations } from './secrets.ts'

const LIVE_MAX_MS = 70 * 60_000

export function changesRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const viewer = [requireTenantRole('viewer')] as const
  const operator = [requireTenantRole('operator')] as const
  const ctxOf = (c: Context<TenantEnv>): ChangeCtx => ({ deps, scope: c.var.scope })
  const deviceOf = (c: Context<TenantEnv>) =>
    getDevice(deviceCtx(c, deps), c.req.param('deviceId') ?? '')
  const actorOf = (c: Context<TenantEnv>): ChangeActor => {
    const a = requestActorOf(c)
    return { kind: a.kind, id: a.id, name: a.name, ip: a.ip }
  }
  const draftKey = (c: Context<TenantEnv>, deviceId: string) =>
    `${c.var.scope.tenantId}/${deviceId}/${actorOf(c).id ?? ''}`
  const form = async (c: Context<TenantEnv>) =>
    Object.fromEntries(
      Object.entries(await readForm(c)).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
    )
  const inShell = (
    c: Context<TenantEnv>,
    device: Awaited<ReturnType<typeof deviceOf>>,
    tab: DeviceTab,
    body: unknown,
    title: string,
  ) =>
    c.render(
      <DeviceShell
        device={device}
        tab={tab}
        canEdit={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      >
        {body as never}
      </DeviceShell>,
      { title: `${device.name} · ${title}` },
    )

  app.get('/devices/:deviceId/config', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const ctx = ctxOf(c)
    const path = c.req.query('path') ?? ''
    let listing: ConfigListing | null = null
    let error: string | null = null
    if (path !== '') {
      try {
        listing = await readConfig(ctx, device.id, path)
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e
        error =
          e instanceof AppError && 'fields' in e
            ? Object.values((e as unknown as { fields: Record<string, string> }).fields).join(
                ' ',
              ) || e.message
            : e.message
      }
    }
    const draft = runnerFor(deps).drafts.get(draftKey(c, device.id)) ?? []
    return inShell(
      c,
      device,
      'config',
      <ConfigTab
        deviceId={device.id}
        menus={await configMenus(ctx, device.id)}
        path={listing?.path ?? path}
        listing={listing}
        error={error}
        editing={c.req.query('edit') ?? ''}
        draft={draft}
        draftScript={renderScript(maskOperations(draft))}
        lock={deviceChangeLock(ctx, device.id) ?? null}
        defaultWindowS={await changeWindow(ctx.scope)}
        canOperate={canEditDevices(c)}
        csrfToken={c.var.csrfToken}
      />,
      'config',
    )
  })

  app.post('/devices/:deviceId/config/draft', ...operator, async (c) => {
    const device = await deviceOf(c)
    const op = operationFromForm(await form(c))
    const key = draftKey(c, device.id)
    const drafts = runnerFor(deps).drafts
    drafts.set(key, [...(drafts.get(key) ?? []), op])
    return c.redirect(
      `/devices/${device.id}/config?path=${encodeURIComponent(op.op === 'script' ? '' : op.path)}`,
      303,
    )
  })

  app.post('/devices/:deviceId/config/draft/clear', ...operator, async (c) => {
    const device = await deviceOf(c)
    runnerFor(deps).drafts.delete(draftKey(c, device.id))
    return c.redirect(`/devices/${device.id}/config`, 303)
  })

  app.post('/devices/:deviceId/config/apply', ...operator, async (c) => {
    const device = await deviceOf(c)
    const f = await form(c)
    const key = draftKey(c, device.id)
    const operations = runnerFor(deps).drafts.get(key) ?? []
    const windowS = f.windowS ? Number(f.windowS) : undefined
    const { change } = await startChange(
      ctxOf(c),
      device.id,
      {
        operations,
        mode: f.mode === 'standard' ? 'standard' : 'safe',
        confirm: f.confirm === 'manual' ? 'manual' : 'auto',
        ...(windowS !== undefined ? { windowS } : {}),
      },
      actorOf(c),
      { source: 'editor' },
    )
    runnerFor(deps).drafts.delete(key)
    return c.redirect(`/devices/${device.id}/changes/${change.id}`, 303)
  })

  app.get('/devices/:deviceId/changes', ...viewer, async (c) => {
    const device = await deviceOf(c)
    return inShell(
      c,
      device,
      'changes',
      <ChangesTab deviceId={device.id} changes={await listDeviceChanges(ctxOf(c), device.id)} />,
      'changes',
    )
  })

  app.get('/devices/:deviceId/changes/:changeId', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const change = await getChange(ctxOf(c), device.id, c.req.param('changeId') ?? '')
    return inShell(
      c,
      device,
      'changes',
      <div id="device-tab">
        <ChangePanel
          change={change}
          canOperate={canEditDevices(c)}
          csrfToken={c.var.csrfToken}
          now={deps.clock.now()}
        />
      </div>,
      'change',
    )
  })

  app.post('/devices/:deviceId/changes/:changeId/keep', ...operator, async (c) => {
    const device = await deviceOf(c)
    const changeId = c.req.param('changeId') ?? ''
    await keepChange(ctxOf(c), device.id, changeId, actorOf(c))
    return c.redirect(`/devices/${device.id}/changes/${changeId}`, 303)
  })

  // the countdown and outcome, live: one `change` event per state update until the change ends
  app.get('/devices/:deviceId/changes/:changeId/live', ...viewer, async (c) => {
    const device = await deviceOf(c)
    const ctx = ctxOf(c)
    const first = await getChange(ctx, device.id, c.req.param('changeId') ?? '')
    return streamSSE(c, async (stream) => {
      const queue = [first]
      let wake: (() => void) | undefined
      const off = followDeviceChanges(ctx, device.id, (rec) => {
        if (rec.id !== first.id) return
        queue.push(rec)
        wake?.()
      })
      const cap = setTimeout(() => wake?.(), LIVE_MAX_MS)
      stream.onAbort(() => wake?.())
      const started = Date.now()
      try {
        while (!stream.aborted && Date.now() - started < LIVE_MAX_MS) {
          const rec = queue.shift()
          if (!rec) {
            await new Promise<void>((resolve) => (wake = resolve))
            continue
          }
          await stream.writeSSE({
            event: 'change',
            data: JSON.stringify({
              state: rec.state,
              awaitingKeep: rec.awaitingKeep,
              deadlineAt: rec.deadlineAt,
              message: rec.message,
            }),
          })
          if (rec.finishedAt !== null) break
        }
      } finally {
        off()
        clearTimeout(cap)
      }
    })
  })

  app.get('/devices/:deviceId/backups/:backupId/restore', ...operator, async (c) => {
    const device = await deviceOf(c)
    const preview = await previewRestore(ctxOf(c), device.id, c.req.param('backupId') ?? '')
    return inShell(
      c,
      device,
      'backups',
      <RestorePreviewPanel
        deviceId={device.id}
        preview={preview}
        defaultWindowS={await changeWindow(c.var.scope)}
        csrfToken={c.var.csrfToken}
      />,
      'restore',
    )
  })

  app.post('/devices/:deviceId/backups/:backupId/restore', ...operator, async (c) => {
    const device = await deviceOf(c)
    const f = await form(c)
    const windowS = f.windowS ? Number(f.windowS) : undefined
    const r = await restoreBackup(
      ctxOf(c),
      device.id,
      c.req.param('backupId') ?? '',
      {
        mode: f.mode === 'standard' ? 'standard' : 'safe',
        confirm: f.confirm === 'manual' ? 'manual' : 'auto',
        ...(windowS !== undefined ? { windowS } : {}),
      },
      actorOf(c),
    )
    return c.redirect(
      r.change ? `/devices/${device.id}/changes/${r.change.id}` : `/devices/${device.id}/backups`,
      303,
    )
  })

  // binary .backup restore: the preview says the device reboots onto the file; apply is one change
  app.get('/devices/:deviceId/backups/binary/:binaryBackupId/restore', ...operator, async (c) => {
    const device = await deviceOf(c)
    const preview = await previewBinaryRestore(
      ctxOf(c),
      device.id,
      c.req.param('binaryBackupId') ?? '',
    )
    return inShell(
      c,
      device,
      'backups',
      <BinaryRestorePanel deviceId={device.id} preview={preview} csrfToken={c.var.csrfToken} />,
      'restore .backup',
    )
  })

  app.post('/devices/:deviceId/backups/binary/:binaryBackupId/restore', ...operator, async (c) => {
    const device = await deviceOf(c)
    await form(c)
    const r = await restoreBinaryBackup(
      ctxOf(c),
      device.id,
      c.req.param('binaryBackupId') ?? '',
      actorOf(c),
    )
    return c.redirect(`/devices/${device.id}/changes/${r.change.id}`, 303)
  })

  return app
}
