// "Keep" of a safe change with manual confirmation, wherever it runs: in this process the keep
// signal ends its countdown; in another one of several (issue 20) the request goes to that
// process, and this one waits until the change is kept.
import { recordAudit } from '../audit/index.ts'
import { ConflictError } from '../lib/errors.ts'
import { runnerFor } from './change-runner.ts'
import { getChange, type ChangeCtx } from './changes.service.ts'
import { FINAL_STATES, type ChangeActor, type ChangeRecord } from './changes.types.ts'

/** "Keep" of a manually confirmed safe change that verified and is counting down. */
export async function keepChange(
  ctx: ChangeCtx,
  deviceId: string,
  changeId: string,
  actor: ChangeActor,
): Promise<ChangeRecord> {
  const rec = await getChange(ctx, deviceId, changeId)
  const runner = runnerFor(ctx.deps)
  const running = runner.running(changeId)
  const notNow = (r: ChangeRecord) =>
    new ConflictError(
      `This change cannot be kept now (it is ${r.state}${r.awaitingKeep ? '' : ' and not waiting for confirmation'}).`,
      { code: 'change_not_awaiting_keep' },
    )
  if (!rec.awaitingKeep) throw notNow(rec)
  if (running) {
    if (!running.keep()) throw notNow(rec)
    await auditKeep(ctx, actor, deviceId, changeId)
    return running.done
  }
  // several processes (issue 20): the change runs in another one, which keeps it when asked
  if (runner.cluster === undefined) throw notNow(rec)
  await runner.cluster.requestKeep(ctx.scope.tenantId, deviceId, changeId)
  const after = await untilKept(ctx, deviceId, changeId, runner.timings.sleep)
  if (after === undefined)
    throw new ConflictError(
      `The process running this change did not confirm the keep within ${KEEP_REMOTE_WAIT_MS / 1000} s; unless kept, the change is reverted at its deadline.`,
      { code: 'change_keep_unanswered' },
    )
  if (after.state !== 'kept' && FINAL_STATES.includes(after.state)) throw notNow(after)
  await auditKeep(ctx, actor, deviceId, changeId)
  return after
}

const KEEP_REMOTE_WAIT_MS = 10_000

/** The record once another process took the keep (kept, or on its way); undefined: no answer. */
async function untilKept(
  ctx: ChangeCtx,
  deviceId: string,
  changeId: string,
  sleep: (ms: number) => Promise<void>,
): Promise<ChangeRecord | undefined> {
  const started = performance.now()
  let taken: ChangeRecord | undefined
  while (performance.now() - started < KEEP_REMOTE_WAIT_MS) {
    const r = await getChange(ctx, deviceId, changeId)
    if (FINAL_STATES.includes(r.state)) return r
    if (!r.awaitingKeep) taken = r
    await sleep(200)
  }
  return taken
}

async function auditKeep(ctx: ChangeCtx, actor: ChangeActor, deviceId: string, changeId: string) {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action: 'change.keep',
      target: { type: 'device', id: deviceId, label: changeId },
      outcome: 'success',
      details: { changeId },
    },
    ctx.deps.clock.now(),
  )
}
