// Use cases of the change pipeline: preview (validate + render, nothing applied), start a change
// (lock, record, audit, run in the background), read and list changes, confirm ("keep"), follow
// a device's changes live. Every write Outpost makes to a router goes through startChange.
import { recordAudit } from '../audit/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId } from '../lib/ids.ts'
import { runnerFor } from './change-runner.ts'
import {
  findChange,
  findDeviceRow,
  findWindowSetting,
  insertChange,
  listChanges,
  saveWindowSetting,
  type ChangeRow,
} from './changes.repo.ts'
import { operationsSchema } from './changes.schema.ts'
import { FINAL_STATES } from './changes.types.ts'
import type {
  ChangeActor,
  ChangeOperation,
  ChangePreview,
  ChangeRecord,
  ChangeSetInput,
  ChangeSource,
} from './changes.types.ts'
import { Progress, toRecord } from './progress.ts'
import { renderScript } from './render.ts'
import type { ChangeDeps, RunContext } from './run-context.ts'
import { executeChange } from './execute.ts'
import { maskOperations } from './secrets.ts'
import { DEFAULT_WINDOW_S, type ChangeTimings } from './timings.ts'
import { validateOnDevice } from './validate.ts'
import { askDevice } from './device-link.ts'
import { previewOnEdge } from './edge-forward.ts'

export interface ChangeCtx {
  deps: ChangeDeps
  scope: TenantScope
}

export interface StartOptions {
  /** where the change comes from, for the history (default `api`) */
  source?: ChangeSource
  /** a change that is not a change set (binary `.backup` restore): its script text and its run */
  custom?: { script: string; execute: (run: RunContext) => Promise<void> }
}

function parseOps(operations: unknown): ChangeOperation[] {
  const r = operationsSchema.safeParse(operations)
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const i of r.error.issues)
    fields[['operations', ...i.path.map(String)].join('.')] ??= i.message
  throw new ValidationError(fields, 'The change set is not valid.')
}

async function deviceOf(ctx: ChangeCtx, deviceId: string) {
  const row = await findDeviceRow(ctx.scope, deviceId)
  if (!row) throw new NotFoundError('Device not found.', { code: 'device_not_found' })
  return row
}

const lockKey = (ctx: ChangeCtx, deviceId: string) => `${ctx.scope.tenantId}/${deviceId}`

/** Test and tuning hook: shorter waits for simulated devices (never skips a step). */
export function configureChanges(deps: object, timings: Partial<ChangeTimings>): void {
  const r = runnerFor(deps)
  r.timings = { ...r.timings, ...timings }
}

/** Validates against the device and renders the script; nothing is applied. */
export async function previewChange(
  ctx: ChangeCtx,
  deviceId: string,
  operations: unknown,
  opts: { mask?: boolean } = {},
): Promise<ChangePreview> {
  const ops = parseOps(operations)
  await deviceOf(ctx, deviceId)
  const timings = runnerFor(ctx.deps).timings
  // a device behind an edge appliance (issue 20) is asked by the edge
  const problems =
    (await previewOnEdge(ctx.deps, ctx.scope, deviceId, ops, timings)) ??
    (await askDevice(ctx.deps, ctx.scope, deviceId, timings, (s) => validateOnDevice(s, ops)))
  return { script: renderScript(ops, opts.mask ?? true), ok: problems.length === 0, problems }
}

/** The tenant's default confirmation window. */
export async function changeWindow(scope: TenantScope): Promise<number> {
  return (await findWindowSetting(scope)) ?? DEFAULT_WINDOW_S
}

/** Sets the tenant's default confirmation window (admins; audited). */
export async function setChangeWindow(
  ctx: ChangeCtx,
  windowS: number,
  actor: ChangeActor,
): Promise<number> {
  if (!Number.isInteger(windowS) || windowS < 10 || windowS > 3600)
    throw new ValidationError({ windowS: 'between 10 and 3600 seconds' })
  const before = await changeWindow(ctx.scope)
  await saveWindowSetting(ctx.scope, windowS)
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action: 'change.settings',
      target: { type: 'tenant', id: ctx.scope.tenantId, label: null },
      outcome: 'success',
      details: { windowS, before },
    },
    ctx.deps.clock.now(),
  )
  return windowS
}

/**
 * Starts a change on one device: answers at once with the record (state `validating`); `done`
 * settles with the final state. A second change on the same device is refused (409) naming who
 * is changing it and since when.
 * @example const { change, done } = await startChange(ctx, deviceId, { operations, mode: 'safe', confirm: 'auto' }, actor)
 */
export async function startChange(
  ctx: ChangeCtx,
  deviceId: string,
  input: ChangeSetInput,
  actor: ChangeActor,
  opts: StartOptions = {},
): Promise<{ change: ChangeRecord; done: Promise<ChangeRecord> }> {
  const ops = opts.custom ? [] : parseOps(input.operations)
  if (!['standard', 'safe'].includes(input.mode))
    throw new ValidationError({ mode: 'standard or safe' })
  if (!['auto', 'manual'].includes(input.confirm))
    throw new ValidationError({ confirm: 'auto or manual' })
  // the API allows 10..3600 s; shorter windows are for tests against the simulator
  if (
    input.windowS !== undefined &&
    !(Number.isInteger(input.windowS) && input.windowS >= 1 && input.windowS <= 3600)
  )
    throw new ValidationError({ windowS: 'between 10 and 3600 seconds' })
  await deviceOf(ctx, deviceId)
  const runner = runnerFor(ctx.deps)
  const now = ctx.deps.clock.now()
  const id = newId(now)
  const held = runner.lock(lockKey(ctx, deviceId), {
    changeId: id,
    actorName: actor.name,
    since: now,
  })
  if (held)
    throw new ConflictError(
      `${held.actorName} is changing this device since ${new Date(held.since).toISOString().slice(11, 19)} UTC; try again when that change is finished.`,
      { code: 'change_in_progress' },
    )
  try {
    // several processes (issue 20): the device may be changed through another one
    if (runner.cluster !== undefined && !(await runner.cluster.lockDevice(lockKey(ctx, deviceId))))
      throw await changedElsewhere(ctx, deviceId)
    const masked = maskOperations(ops)
    const row: ChangeRow = {
      id,
      tenant_id: ctx.scope.tenantId,
      device_id: deviceId as ChangeRow['device_id'],
      created_at: now,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      source: opts.source ?? 'api',
      mode: input.mode,
      confirm: input.confirm,
      window_s: input.windowS ?? (await changeWindow(ctx.scope)),
      state: 'validating',
      awaiting_keep: 0,
      deadline_at: null,
      finished_at: null,
      operations_json: JSON.stringify(masked),
      script: opts.custom?.script ?? renderScript(masked),
      results_json: '[]',
      message: null,
    }
    const { tenant_id: _t, ...insert } = row
    await insertChange(ctx.scope, insert)
    await audit(ctx, actor, 'change.apply', row, 'success')
    const progress = new Progress(ctx.scope, row, (rec) => runner.emit(lockKey(ctx, deviceId), rec))
    const { signal, keep } = runner.keepSignal(runner.timings.sleep, () => ctx.deps.clock.now())
    const run: RunContext = {
      deps: ctx.deps,
      scope: ctx.scope,
      deviceId,
      ops,
      timings: runner.timings,
      progress,
      keep: signal,
    }
    const done = (opts.custom?.execute ?? executeChange)(run)
      .finally(() => runner.unlock(lockKey(ctx, deviceId), id))
      .then(async () => {
        await audit(
          ctx,
          actor,
          'change.result',
          progress.row,
          progress.row.state === 'kept' ? 'success' : 'failure',
        )
        return progress.record
      })
    runner.track(id, { done, keep })
    return { change: toRecord(row), done }
  } catch (e) {
    runner.unlock(lockKey(ctx, deviceId), id)
    throw e
  }
}

/** The 409 when another process holds the device's lock, naming who changes it if known. */
async function changedElsewhere(ctx: ChangeCtx, deviceId: string): Promise<ConflictError> {
  const other = await ctx.scope
    .selectFrom('device_changes')
    .select(['actor_name', 'created_at'])
    .where('device_id', '=', deviceId as ChangeRow['device_id'])
    .where('state', 'not in', [...FINAL_STATES])
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  const who = other
    ? `${other.actor_name} is changing this device since ${new Date(other.created_at).toISOString().slice(11, 19)} UTC`
    : 'This device is being changed through another Outpost process'
  return new ConflictError(`${who}; try again when that change is finished.`, {
    code: 'change_in_progress',
  })
}

async function audit(
  ctx: ChangeCtx,
  actor: ChangeActor,
  action: string,
  row: ChangeRow,
  outcome: 'success' | 'failure',
): Promise<void> {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target: { type: 'device', id: row.device_id, label: row.id },
      outcome,
      details: {
        changeId: row.id,
        mode: row.mode,
        confirm: row.confirm,
        windowS: row.window_s,
        source: row.source,
        state: row.state,
        message: row.message,
        script: row.script,
      },
    },
    ctx.deps.clock.now(),
  )
}

export async function getChange(
  ctx: ChangeCtx,
  deviceId: string,
  changeId: string,
): Promise<ChangeRecord> {
  const row = await findChange(ctx.scope, deviceId, changeId)
  if (!row) throw new NotFoundError('Change not found.', { code: 'change_not_found' })
  return toRecord(row)
}

export async function listDeviceChanges(
  ctx: ChangeCtx,
  deviceId: string,
  limit = 50,
): Promise<ChangeRecord[]> {
  await deviceOf(ctx, deviceId)
  return (await listChanges(ctx.scope, deviceId, limit)).map(toRecord)
}

/** The final record of a change started by this process (or the stored one if it already ended). */
export async function awaitChange(
  ctx: ChangeCtx,
  deviceId: string,
  changeId: string,
): Promise<ChangeRecord> {
  const running = runnerFor(ctx.deps).running(changeId)
  if (running) return running.done
  return getChange(ctx, deviceId, changeId)
}

/** Who is changing the device right now, if anyone. */
export function deviceChangeLock(
  ctx: ChangeCtx,
  deviceId: string,
): { changeId: string; actorName: string; since: number } | undefined {
  return runnerFor(ctx.deps).holder(lockKey(ctx, deviceId))
}

/** Live updates of the device's changes (device page SSE); returns the unsubscribe function. */
export function followDeviceChanges(
  ctx: ChangeCtx,
  deviceId: string,
  fn: (rec: ChangeRecord) => void,
): () => void {
  return runnerFor(ctx.deps).subscribe(lockKey(ctx, deviceId), fn)
}
