/**
 * "Back up all now" for a whole tenant: an in-process run with per-device progress that a client
 * can follow (GET by id). Devices go through device access (its session limits hold) with a
 * bounded number at once, so one slow or failing router never blocks the others. Runs live in
 * memory per process (they are progress, not records: each device's result is stored anyway).
 */
import type { DeviceId } from '../db/schema-devices.ts'
import { NotFoundError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import type { BackupRunView } from './backups.types.ts'
import { backUpDevice, type CaptureCtx } from './capture.service.ts'

export type { BackupRunView }

interface Run extends BackupRunView {
  tenantId: string
}

/** One registry per device-access instance (one per process). */
const registries = new WeakMap<object, Map<string, Run>>()
const KEEP_RUNS = 20
export const DEFAULT_RUN_CONCURRENCY = 4

function registry(ctx: CaptureCtx): Map<string, Run> {
  let r = registries.get(ctx.deps.deviceAccess)
  if (!r) registries.set(ctx.deps.deviceAccess, (r = new Map()))
  return r
}

const view = (r: Run): BackupRunView => {
  const { tenantId: _t, ...v } = r
  return { ...v, devices: v.devices.map((d) => ({ ...d })) }
}

export interface RunOptions {
  /** a selection of the tenant's devices (default: all of them); unknown ids are ignored */
  deviceIds?: readonly DeviceId[]
  concurrency?: number
  onDone?: (run: BackupRunView) => void
}

/** Starts backing up every (or the selected) device of the tenant; returns at once with the run to follow. */
export async function startTenantRun(
  ctx: CaptureCtx,
  opts: RunOptions = {},
): Promise<BackupRunView> {
  const { concurrency = DEFAULT_RUN_CONCURRENCY, onDone } = opts
  let q = ctx.scope.selectFrom('devices').select(['id', 'name']).orderBy('name')
  if (opts.deviceIds)
    q = q.where('id', 'in', opts.deviceIds.length > 0 ? [...opts.deviceIds] : ['' as DeviceId])
  const devices = await q.execute()
  const run: Run = {
    id: newId(ctx.deps.clock.now()),
    tenantId: ctx.scope.tenantId,
    startedAt: ctx.deps.clock.now(),
    finishedAt: null,
    total: devices.length,
    done: 0,
    failed: 0,
    changed: 0,
    devices: devices.map((d) => ({
      deviceId: d.id,
      name: d.name,
      state: 'queued' as const,
      changed: false,
      error: null,
    })),
  }
  const reg = registry(ctx)
  reg.set(run.id, run)
  for (const old of [...reg.keys()].slice(0, Math.max(0, reg.size - KEEP_RUNS))) reg.delete(old)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < run.devices.length) {
      const d = run.devices[next++]
      if (!d) break
      d.state = 'running'
      const r = await backUpDevice(ctx, d.deviceId).catch((e: unknown) => ({
        ok: false as const,
        code: 'internal',
        reason: `Internal error during the backup: ${e instanceof Error ? e.message : String(e)}`,
      }))
      d.state = r.ok ? 'ok' : 'failed'
      if (r.ok) d.changed = r.changed
      else d.error = r.reason
      run.done++
      if (!r.ok) run.failed++
      if (r.ok && r.changed) run.changed++
    }
  }
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, run.devices.length)) },
    worker,
  )
  void Promise.all(workers).then(() => {
    run.finishedAt = ctx.deps.clock.now()
    onDone?.(view(run))
  })
  return view(run)
}

export function getTenantRun(
  ctx: Pick<CaptureCtx, 'deps' | 'scope'>,
  runId: string,
): BackupRunView {
  const run = registry(ctx as CaptureCtx).get(runId)
  if (!run || run.tenantId !== ctx.scope.tenantId)
    throw new NotFoundError('Backup run not found.', { code: 'backup_run_not_found' })
  return view(run)
}

/** The newest run of the tenant, if any (the fleet page shows its progress). */
export function latestTenantRun(ctx: CaptureCtx): BackupRunView | undefined {
  const runs = [...registry(ctx).values()].filter((r) => r.tenantId === ctx.scope.tenantId)
  const last = runs[runs.length - 1]
  return last ? view(last) : undefined
}
