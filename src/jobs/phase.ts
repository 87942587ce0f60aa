// What a job does when no queued target is left in its current phase: after the canary, pause
// for confirmation (or go on by itself when every canary target succeeded and the user chose
// so); at the end, succeed or fail.
import type { TenantScope } from '../db/tenant-scope.ts'
import { countTargets, updateJob, type JobRow } from './jobs.repo.ts'
import type { JobState } from './jobs.types.ts'

export interface PhaseOutcome {
  /** the job's new state, when it changed */
  state?: JobState
  /** drive again (the canary passed and the job continues by itself) */
  again: boolean
}

export async function finishPhase(
  scope: TenantScope,
  job: JobRow,
  canaryPhase: boolean,
  now: number,
): Promise<PhaseOutcome> {
  if (canaryPhase) {
    const canary = await scope
      .selectFrom('job_targets')
      .select(['state', 'device_name', 'error'])
      .where('job_id', '=', job.id)
      .where('seq', '<', job.canary)
      .execute()
    if (canary.some((t) => t.state === 'running')) return { again: false }
    const bad = canary.find((t) => t.state === 'failed' || t.state === 'interrupted')
    if (bad) {
      const note = `The canary failed on ${bad.device_name}: ${bad.error ?? bad.state}. The other devices were not touched.`
      return (await updateJob(scope, job.id, { state: 'halted', note }, ['running']))
        ? { state: 'halted', again: false }
        : { again: false }
    }
    if (job.canary_auto === 1) {
      await updateJob(scope, job.id, { canary_done: 1 }, ['running'])
      return { again: true }
    }
    const rest = (await countTargets(scope, [job.id])).get(job.id)?.get('queued') ?? 0
    const note = `The canary (${canary.length} device${canary.length === 1 ? '' : 's'}) succeeded. Confirm to continue with the other ${rest}.`
    return (await updateJob(scope, job.id, { state: 'paused', note, canary_done: 1 }, ['running']))
      ? { state: 'paused', again: false }
      : { again: false }
  }
  const m = (await countTargets(scope, [job.id])).get(job.id)
  if ((m?.get('running') ?? 0) > 0 || (m?.get('queued') ?? 0) > 0) return { again: false }
  const failed = (m?.get('failed') ?? 0) + (m?.get('interrupted') ?? 0)
  const state: JobState = failed > 0 ? 'failed' : 'succeeded'
  const note =
    failed > 0
      ? `${failed} target${failed === 1 ? '' : 's'} failed: retry them, or read the reasons below.`
      : null
  return (await updateJob(scope, job.id, { state, note, finished_at: now }, ['running']))
    ? { state, again: false }
    : { again: false }
}
