// The job runner: drives running jobs target by target within the job's concurrency and the
// tenant's limit. A target is claimed in the database (queued → running) before anything is sent
// to its device, so after a crash a target is either finished or `running`, which recovery turns
// into `interrupted`: nothing runs twice unless the user resumes or retries.
import { actingAs } from '../lib/key-use.ts'
import { workClaimsFor } from '../lib/work-claim.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import { EXECUTORS } from './executors/index.ts'
import type { JobDeps, TargetContext, TargetResult } from './executors/executor.ts'
import { toTargetView } from './job-view.ts'
import {
  claimTarget,
  findJob,
  findTarget,
  queuedTargets,
  updateJob,
  updateTarget,
  type JobRow,
  type TargetRow,
} from './jobs.repo.ts'
import type { JobEvent, JobState } from './jobs.types.ts'
import { capOutput } from './output.ts'
import { Semaphore } from './semaphore.ts'
import { finishPhase } from './phase.ts'

export interface RunnerOptions {
  /** targets running at once per tenant, across its jobs (default 32) */
  tenantLimit?: number
}

/** One attempt at one target: the unit several processes claim (a retry is a new attempt). */
export function claimKeyOf(jobId: string, t: { device_id: string; attempts: number }): string {
  return `${jobId}:${t.device_id}:${t.attempts}`
}

export class JobRunner {
  readonly #kysely: Kysely<Database>
  readonly #deps: JobDeps
  readonly #tenantLimit: number
  readonly #tenants = new Map<string, Semaphore>()
  readonly #active = new Map<string, Promise<void>>()
  /** jobs told to stop taking targets (cancelled, halted) */
  readonly #stopped = new Set<string>()
  readonly #listeners = new Set<(e: JobEvent) => void>()
  /** per job: claim keys of targets another process claimed (several processes, issue 20) */
  readonly #elsewhere = new Map<string, Set<string>>()

  constructor(kysely: Kysely<Database>, deps: JobDeps, opts: RunnerOptions = {}) {
    this.#kysely = kysely
    this.#deps = deps
    this.#tenantLimit = opts.tenantLimit ?? 32
  }

  /** Live updates for the Jobs list and the job page; returns the unsubscribe function. */
  subscribe(fn: (e: JobEvent) => void): () => void {
    this.#listeners.add(fn)
    return () => this.#listeners.delete(fn)
  }

  emit(e: JobEvent): void {
    for (const fn of [...this.#listeners]) fn(e)
  }

  /** Starts driving a job in state `running` (no-op when it is already driven). */
  /** Whether this process is running the job now. */
  isRunning(jobId: string): boolean {
    return this.#active.has(jobId)
  }

  start(tenantId: string, jobId: string): void {
    this.#stopped.delete(jobId)
    if (this.#active.has(jobId)) return
    // key uses of a job's targets are the job's, not those of the user whose request started it
    const asJob = { kind: 'job' as const, id: jobId, name: `job ${jobId}` }
    const p = actingAs(asJob, () => this.#drive(tenantId, jobId))
      .catch((err: unknown) => this.#deps.log.error({ err, jobId }, 'job runner failed'))
      .finally(() => {
        this.#active.delete(jobId)
        this.#elsewhere.delete(jobId)
      })
    this.#active.set(jobId, p)
  }

  /** Stops taking new targets of a job (cancel); running targets finish and are recorded. */
  stop(jobId: string): void {
    this.#stopped.add(jobId)
  }

  /** Resolves when every job being driven has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#active.size > 0) await Promise.all([...this.#active.values()])
  }

  async #drive(tenantId: string, jobId: string): Promise<void> {
    const scope = forTenant(this.#kysely, tenantId as TenantId)
    for (;;) {
      const job = await findJob(scope, jobId)
      if (!job || job.state !== 'running' || this.#stopped.has(jobId)) return
      const canaryPhase = job.canary > 0 && job.canary_done === 0
      const elsewhere = this.#elsewhere.get(jobId)
      const queue = (
        await queuedTargets(scope, jobId, canaryPhase ? job.canary - 1 : undefined)
      ).filter((t) => elsewhere?.has(claimKeyOf(jobId, t)) !== true)
      if (queue.length > 0) {
        await (job.kind === 'firmware'
          ? this.#waves(scope, job, queue)
          : this.#pool(scope, job, queue))
        continue
      }
      const next = await finishPhase(scope, job, canaryPhase, this.#deps.clock.now())
      if (next.state !== undefined) this.emit({ tenantId, jobId, state: next.state })
      if (!next.again) return
    }
  }

  /** Continuous pool: `concurrency` workers take the next queued target as soon as one ends. */
  async #pool(scope: TenantScope, job: JobRow, queue: TargetRow[]): Promise<void> {
    let i = 0
    const worker = async () => {
      while (i < queue.length && !this.#stopped.has(job.id))
        await this.#runOne(scope, job, queue[i++] as TargetRow)
    }
    await Promise.all(Array.from({ length: Math.min(job.concurrency, queue.length) }, worker))
  }

  /** Batches (staged rollouts): the next batch starts only when the whole previous one ended well. */
  async #waves(scope: TenantScope, job: JobRow, queue: TargetRow[]): Promise<void> {
    const size = Math.min(job.concurrency, queue.length)
    const batch = queue.slice(0, size)
    await Promise.all(batch.map((t) => this.#runOne(scope, job, t)))
  }

  async #runOne(scope: TenantScope, job: JobRow, target: TargetRow): Promise<void> {
    const sem = this.#tenantSemaphore(scope.tenantId)
    await sem.acquire()
    try {
      if (this.#stopped.has(job.id)) return
      const now = this.#deps.clock.now()
      // several processes (issue 20): one of them runs this attempt of the target
      const claims = workClaimsFor(this.#kysely)
      const claimKey = claimKeyOf(job.id, target)
      if (!(await claims.claimOnce('job.target', claimKey))) {
        // another process runs it (and finishes the job if it is the last): not retried here
        const set = this.#elsewhere.get(job.id) ?? new Set<string>()
        this.#elsewhere.set(job.id, set.add(claimKey))
        return
      }
      if (!(await claimTarget(scope, job.id, target.device_id, now))) return
      await this.#emitTarget(scope, job.id, target.device_id)
      const result = await this.#execute(scope, job, {
        ...target,
        state: 'running',
        started_at: now,
      })
      await updateTarget(scope, job.id, target.device_id, result)
      await claims.done('job.target', claimKey)
      await this.#emitTarget(scope, job.id, target.device_id)
      if (result.state === 'failed' && job.stop_on_failure === 1)
        await this.#halt(scope, job, target.device_name, result.error ?? '')
    } finally {
      sem.release()
    }
  }

  async #execute(scope: TenantScope, job: JobRow, target: TargetRow): Promise<Partial<TargetRow>> {
    let progress = ''
    let lastSave = 0
    const ctx: TargetContext = {
      deps: this.#deps,
      scope,
      job,
      target,
      deviceId: target.device_id as DeviceId,
      cancelled: () => this.#stopped.has(job.id),
      progress: async (line) => {
        progress += `${line}\n`
        const now = performance.now()
        // long steps (reboots) report as they go; short bursts are saved at most every 250 ms
        if (now - lastSave < 250) return
        lastSave = now
        await updateTarget(scope, job.id, target.device_id, { output: capOutput(progress).text })
        await this.#emitTarget(scope, job.id, target.device_id)
      },
    }
    let r: TargetResult
    try {
      r = await EXECUTORS[job.kind].run(ctx)
    } catch (err) {
      this.#deps.log.error(
        { err, jobId: job.id, deviceId: target.device_id },
        'job target failed unexpectedly',
      )
      r = {
        state: 'failed',
        output: '',
        error: `Internal error: ${err instanceof Error ? err.message : String(err)} (see the appliance log).`,
      }
    }
    const out = capOutput(progress + r.output)
    return {
      state: r.state,
      output: out.text,
      output_capped: out.capped ? 1 : 0,
      error: r.error ?? null,
      finished_at: this.#deps.clock.now(),
      ...(r.beforeVersion !== undefined ? { before_version: r.beforeVersion } : {}),
      ...(r.afterVersion !== undefined ? { after_version: r.afterVersion } : {}),
    }
  }

  async #halt(scope: TenantScope, job: JobRow, device: string, error: string): Promise<void> {
    this.#stopped.add(job.id)
    const note = `Stopped after the failure on ${device}: ${error} Targets not started stay queued: resume to continue, or retry the failed ones.`
    if (await updateJob(scope, job.id, { state: 'halted', note }, ['running']))
      this.emit({ tenantId: scope.tenantId, jobId: job.id, state: 'halted' as JobState })
  }

  async #emitTarget(scope: TenantScope, jobId: string, deviceId: string): Promise<void> {
    if (this.#listeners.size === 0) return
    const t = await findTarget(scope, jobId, deviceId)
    if (t) this.emit({ tenantId: scope.tenantId, jobId, target: toTargetView(t) })
  }

  #tenantSemaphore(tenantId: string): Semaphore {
    let s = this.#tenants.get(tenantId)
    if (!s) {
      s = new Semaphore(this.#tenantLimit)
      this.#tenants.set(tenantId, s)
    }
    return s
  }
}
