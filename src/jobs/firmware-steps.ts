// The steps of one device's RouterOS + RouterBOOT upgrade (ROUTEROS.md 11.4), as console commands
// over SSH: check for updates, download, reboot, wait until it answers again, verify the version;
// then `/system routerboard upgrade`, reboot, verify the firmware. Writes go through applyWrite.
import { recordAudit } from '../audit/index.ts'
import { applyWrite } from './apply-write.ts'
import { runOnDevice } from './device-session.ts'
import type { TargetContext } from './executors/executor.ts'

export interface FirmwareSpec {
  /** release channel to set before checking (unset: the device's own) */
  channel?: string | undefined
  /** halt when a device is not back within this many seconds after a reboot */
  rebootTimeoutS: number
  /** also upgrade RouterBOOT firmware (and reboot again) */
  routerboard: boolean
}

/** `key: value` lines of a console `print` (settings form). */
export function parseCliProps(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([a-z][a-z0-9-]*):\s?(.*)$/.exec(line)
    if (m) out[m[1] as string] = (m[2] ?? '').trim()
  }
  return out
}

export class StepFailure extends Error {}

export async function read(ctx: TargetContext, command: string): Promise<Record<string, string>> {
  const r = await runOnDevice(ctx, command, 30_000)
  if (!r.ok) throw new StepFailure(r.error)
  return parseCliProps(r.output)
}

export async function write(ctx: TargetContext, script: string, label: string): Promise<void> {
  const r = await applyWrite(ctx, { script, mode: 'standard', label })
  if (!r.ok) throw new StepFailure(r.error)
}

/** Reboots and waits until the device answers a print again, or fails after `timeoutS`. */
export async function rebootAndWait(
  ctx: TargetContext,
  timeoutS: number,
  why: string,
): Promise<number> {
  // real elapsed time: the router reboots in real time whatever the app's clock says
  const t0 = performance.now()
  // a reboot changes no configuration, so it is not a change set (the pipeline would count the
  // dropped session as a lost change); it is sent directly and audited here
  const r = await runOnDevice(ctx, '/system reboot', 30_000)
  await auditReboot(ctx, why, r.ok ? undefined : r.error)
  // the router may cut the session while rebooting: only a refusal is a failure
  if (!r.ok && r.code === 'command_failed') throw new StepFailure(r.error)
  await ctx.progress(`rebooting (${why}); waiting up to ${timeoutS} s`)
  const poll = Math.max(500, Math.min(5000, (timeoutS * 1000) / 20))
  await sleep(Math.min(poll * 2, 3000))
  while (performance.now() - t0 < timeoutS * 1000) {
    if (ctx.cancelled()) throw new StepFailure('Cancelled while waiting for the reboot.')
    const up = await runOnDevice(ctx, '/system resource print', Math.min(15_000, timeoutS * 1000))
    if (up.ok) {
      const s = Math.round((performance.now() - t0) / 1000)
      await ctx.progress(`back after ${s} s`)
      return s
    }
    await sleep(poll)
  }
  throw new StepFailure(
    `The device did not come back within ${timeoutS} s after the reboot (${why}).`,
  )
}

async function auditReboot(
  ctx: TargetContext,
  why: string,
  error: string | undefined,
): Promise<void> {
  const job = ctx.job
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: {
        kind: job.created_by_kind as 'user' | 'api_key' | 'system',
        id: job.created_by_id,
        name: job.created_by_name,
      },
      ip: null,
      action: 'job.device_rebooted',
      target: { type: 'device', id: ctx.deviceId, label: ctx.target.device_name },
      outcome: error === undefined ? 'success' : 'failure',
      details: { jobId: job.id, why, ...(error !== undefined ? { error } : {}) },
    },
    ctx.deps.clock.now(),
  )
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
