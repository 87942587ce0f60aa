// After a restart or a crash: targets that were `running` are marked `interrupted` (they may or
// may not have completed on the device) and their jobs wait for the user. Also the minute tick:
// scheduled jobs whose maintenance window opened start, and history past 90 days goes.
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import { workClaimsFor } from '../lib/work-claim.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { DAY } from '../lib/time.ts'
import { deleteJobsBefore, jobsIn, moveTargets, runningTargets, updateJob } from './jobs.repo.ts'
import { claimKeyOf } from './runner.ts'
import { jobRunner, type RunnerDeps } from './runner-registry.ts'

export const JOB_HISTORY_DAYS = 90

async function tenantIds(db: GlobalDb): Promise<string[]> {
  return (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id)
}

/**
 * Returns how many targets were marked interrupted. Several processes (issue 20): a target
 * another live process runs is left to it; only those whose process is gone are interrupted.
 */
export async function recoverJobs(deps: RunnerDeps): Promise<number> {
  let total = 0
  for (const tenantId of await tenantIds(deps.db)) {
    const scope = forTenant(deps.kysely, tenantId as never)
    for (const job of await jobsIn(scope, ['running']))
      total += await recoverJob(deps, scope, job.id)
  }
  if (total > 0) deps.log.warn({ targets: total }, 'job targets interrupted by a restart')
  return total
}

async function recoverJob(deps: RunnerDeps, scope: TenantScope, jobId: string): Promise<number> {
  const running = await runningTargets(scope, jobId)
  const claims = workClaimsFor(deps.kysely)
  const live = await claims.heldByLive(
    'job.target',
    running.map((t) => claimKeyOf(jobId, t)),
  )
  const elsewhere = running.filter((t) => live.has(claimKeyOf(jobId, t))).map((t) => t.device_id)
  const n =
    running.length === elsewhere.length
      ? 0
      : await moveTargets(
          scope,
          jobId,
          ['running'],
          'interrupted',
          {
            error:
              'Outpost stopped while this target ran: it may or may not have completed on the device. Resume runs it again.',
            finished_at: deps.clock.now(),
          },
          elsewhere,
        )
  if (n > 0)
    await updateJob(scope, jobId, {
      state: 'interrupted',
      note: `Outpost stopped while ${n} target${n === 1 ? '' : 's'} ran; they are marked interrupted. Resume to run them and the rest again.`,
    })
  // a job with nothing in flight simply goes on: none of its queued targets had started (in a
  // cluster another process may run it too: each target is claimed once)
  else jobRunner(deps).start(scope.tenantId, jobId)
  return n
}

/** Starts scheduled jobs whose window opened; drops history older than 90 days. */
export async function jobTick(deps: RunnerDeps): Promise<void> {
  const now = deps.clock.now()
  for (const tenantId of await tenantIds(deps.db)) {
    const scope = forTenant(deps.kysely, tenantId as never)
    for (const job of await jobsIn(scope, ['scheduled'])) {
      if ((job.not_before ?? 0) > now) continue
      if (await updateJob(scope, job.id, { state: 'running', started_at: now }, ['scheduled']))
        jobRunner(deps).start(tenantId, job.id)
    }
    // several processes (issue 20): a running job whose process died is taken over, like after
    // a restart (its targets in flight interrupted, the queued ones run here)
    if (workClaimsFor(deps.kysely).clustered)
      for (const job of await jobsIn(scope, ['running']))
        if (!jobRunner(deps).isRunning(job.id)) await recoverJob(deps, scope, job.id)
    await deleteJobsBefore(scope, now - JOB_HISTORY_DAYS * DAY)
  }
}
