// Reading and steering jobs: list, detail, cancel, resume (after a canary, a halt or a restart),
// retry failed targets, and the CSV of the results.
import { recordAudit, toCsv } from '../audit/index.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { maskScriptSecrets } from './guided/guided-script.ts'
import type { JobsCtx } from './job-create.service.ts'
import { toJobView, toTargetView } from './job-view.ts'
import {
  countTargets,
  findJob,
  listJobs as listJobRows,
  listTargets,
  moveTargets,
  updateJob,
  type JobRow,
} from './jobs.repo.ts'
import type { JobDetail, JobState, JobView, TargetState } from './jobs.types.ts'
import { jobRunner } from './runner-registry.ts'

export async function getJobRow(ctx: Pick<JobsCtx, 'scope'>, jobId: string): Promise<JobRow> {
  const job = await findJob(ctx.scope, jobId)
  if (!job) throw new NotFoundError('Job not found.', { code: 'job_not_found' })
  return job
}

export async function listJobViews(ctx: Pick<JobsCtx, 'scope'>, limit = 200): Promise<JobView[]> {
  const rows = await listJobRows(ctx.scope, limit)
  const counts = await countTargets(
    ctx.scope,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toJobView(r, counts.get(r.id)))
}

export async function getJobDetail(ctx: Pick<JobsCtx, 'scope'>, jobId: string): Promise<JobDetail> {
  const job = await getJobRow(ctx, jobId)
  const targets = await listTargets(ctx.scope, jobId)
  const counts = await countTargets(ctx.scope, [jobId])
  const spec = Object.fromEntries(
    Object.entries(JSON.parse(job.spec_json) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? maskScriptSecrets(v) : v,
    ]),
  )
  return { ...toJobView(job, counts.get(jobId)), spec, targets: targets.map(toTargetView) }
}

async function steer(
  ctx: JobsCtx,
  job: JobRow,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(
    ctx.deps.db,
    {
      tenantId: ctx.scope.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name },
      ip: ctx.actor.ip,
      action,
      target: { type: 'job', id: job.id, label: job.title },
      outcome: 'success',
      details,
    },
    ctx.deps.clock.now(),
  )
}

const OPEN: readonly JobState[] = ['scheduled', 'running', 'paused', 'halted', 'interrupted']

/** Stops the job: targets not started are cancelled; running ones finish and are recorded. */
export async function cancelJob(ctx: JobsCtx, jobId: string): Promise<JobView> {
  const job = await getJobRow(ctx, jobId)
  const runner = jobRunner(ctx.deps)
  runner.stop(jobId)
  const now = ctx.deps.clock.now()
  if (
    !(await updateJob(
      ctx.scope,
      jobId,
      { state: 'cancelled', note: `Cancelled by ${ctx.actor.name}.`, finished_at: now },
      OPEN,
    ))
  ) {
    throw new ConflictError(`The job already ended (${job.state}).`, { code: 'job_finished' })
  }
  const n = await moveTargets(ctx.scope, jobId, ['queued', 'interrupted'], 'cancelled', {
    finished_at: now,
  })
  await steer(ctx, job, 'job.cancelled', { targetsCancelled: n })
  runner.emit({ tenantId: ctx.scope.tenantId, jobId, state: 'cancelled' })
  return view(ctx, jobId)
}

async function restart(
  ctx: JobsCtx,
  job: JobRow,
  from: readonly TargetState[],
  action: string,
): Promise<number> {
  const n = await moveTargets(ctx.scope, job.id, from, 'queued', { error: null })
  const queued = (await countTargets(ctx.scope, [job.id])).get(job.id)?.get('queued') ?? 0
  if (queued === 0)
    throw new ConflictError('Nothing is left to run in this job.', { code: 'job_nothing_to_run' })
  await updateJob(ctx.scope, job.id, {
    state: 'running',
    note: null,
    finished_at: null,
    started_at: job.started_at ?? ctx.deps.clock.now(),
  })
  await steer(ctx, job, action, { requeued: n, queued })
  jobRunner(ctx.deps).start(ctx.scope.tenantId, job.id)
  jobRunner(ctx.deps).emit({ tenantId: ctx.scope.tenantId, jobId: job.id, state: 'running' })
  return n
}

/**
 * Continues a paused (canary), halted, interrupted or scheduled job. Interrupted targets run
 * again only now, because the user asked: they may have been partly done before the restart.
 */
export async function resumeJob(ctx: JobsCtx, jobId: string): Promise<JobView> {
  const job = await getJobRow(ctx, jobId)
  if (!['paused', 'halted', 'interrupted', 'scheduled'].includes(job.state)) {
    throw new ConflictError(
      `Only a paused, halted, interrupted or scheduled job can be resumed (this one is ${job.state}).`,
      { code: 'job_not_resumable' },
    )
  }
  await restart(ctx, job, ['interrupted'], 'job.resumed')
  return view(ctx, jobId)
}

/** Runs the failed (and interrupted) targets again. */
export async function retryJob(ctx: JobsCtx, jobId: string): Promise<JobView> {
  const job = await getJobRow(ctx, jobId)
  if (job.state === 'running' || job.state === 'cancelled')
    throw new ConflictError(`A ${job.state} job cannot be retried.`, { code: 'job_not_retryable' })
  const failed = (await countTargets(ctx.scope, [jobId])).get(jobId)
  if ((failed?.get('failed') ?? 0) + (failed?.get('interrupted') ?? 0) === 0)
    throw new ConflictError('No target of this job failed.', { code: 'job_nothing_failed' })
  await restart(ctx, job, ['failed', 'interrupted'], 'job.retried')
  return view(ctx, jobId)
}

async function view(ctx: Pick<JobsCtx, 'scope'>, jobId: string): Promise<JobView> {
  const job = await getJobRow(ctx, jobId)
  return toJobView(job, (await countTargets(ctx.scope, [jobId])).get(jobId))
}

/** One line per target: who, what, state, timing, versions, error and output. */
export async function jobCsv(ctx: Pick<JobsCtx, 'scope'>, jobId: string): Promise<string> {
  const d = await getJobDetail(ctx, jobId)
  const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString())
  return toCsv(
    [
      'job',
      'kind',
      'started_by',
      'device_id',
      'device',
      'state',
      'attempts',
      'started_at',
      'finished_at',
      'duration_ms',
      'before_version',
      'after_version',
      'error',
      'output_capped',
      'output',
    ],
    d.targets.map((t) => [
      d.id,
      d.kind,
      d.createdBy,
      t.deviceId,
      t.deviceName,
      t.state,
      t.attempts,
      iso(t.startedAt),
      iso(t.finishedAt),
      t.durationMs,
      t.beforeVersion,
      t.afterVersion,
      t.error,
      t.outputCapped ? 'yes' : 'no',
      t.output,
    ]),
  )
}
