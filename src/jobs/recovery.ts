// After a restart or a crash: targets that were `running` are marked `interrupted` (they may or
// may not have completed on the device) and their jobs wait for the user. Also the minute tick:
// scheduled jobs whose maintenance window opened start, and history past 90 days goes.
import { forTenant } from '../db/tenant-scope.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { DAY } from '../lib/time.ts'
import { deleteJobsBefore, jobsIn, moveTargets, updateJob } from './jobs.repo.ts'
import { jobRunner, type RunnerDeps } from './runner-registry.ts'

export const JOB_HISTORY_DAYS = 90

async function tenantIds(db: GlobalDb): Promise<string[]> {
  return (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id)
}

/** Returns how many targets were marked interrupted. */
export async function recoverJobs(deps: RunnerDeps): Promise<number> {
  let total = 0
  const now = deps.clock.now()
  for (const tenantId of await tenantIds(deps.db)) {
    const scope = forTenant(deps.kysely, tenantId as never)
    for (const job of await jobsIn(scope, ['running'])) {
      const n = await moveTargets(scope, job.id, ['running'], 'interrupted', {
        error:
          'Outpost restarted while this target ran: it may or may not have completed on the device. Resume runs it again.',
        finished_at: now,
      })
      total += n
      if (n > 0)
        await updateJob(scope, job.id, {
          state: 'interrupted',
          note: `Outpost restarted while ${n} target${n === 1 ? '' : 's'} ran; they are marked interrupted. Resume to run them and the rest again.`,
        })
      // a job with nothing in flight simply goes on: none of its queued targets had started
      else jobRunner(deps).start(tenantId, job.id)
    }
  }
  if (total > 0) deps.log.warn({ targets: total }, 'job targets interrupted by a restart')
  return total
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
    await deleteJobsBefore(scope, now - JOB_HISTORY_DAYS * DAY)
  }
}
