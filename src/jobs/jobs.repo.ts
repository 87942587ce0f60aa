// Queries of jobs and their targets; every one through the tenant scope.
import type { Selectable } from 'kysely'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { JobState, JobTargetsTable, JobsTable, TargetState } from '../db/schema-jobs.ts'
import type { DeviceId } from '../db/schema-devices.ts'

export type JobRow = Selectable<JobsTable>
export type TargetRow = Selectable<JobTargetsTable>

export async function insertJob(
  scope: TenantScope,
  job: Omit<JobRow, 'tenant_id'>,
  targets: Omit<TargetRow, 'tenant_id'>[],
): Promise<void> {
  await scope.transaction(async (tx) => {
    await tx.insertInto('jobs', job).execute()
    for (let i = 0; i < targets.length; i += 200)
      await tx.insertInto('job_targets', targets.slice(i, i + 200)).execute()
  })
}

export function findJob(scope: TenantScope, jobId: string): Promise<JobRow | undefined> {
  return scope.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst()
}

export function listJobs(scope: TenantScope, limit: number): Promise<JobRow[]> {
  return scope
    .selectFrom('jobs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export function listTargets(scope: TenantScope, jobId: string): Promise<TargetRow[]> {
  return scope
    .selectFrom('job_targets')
    .selectAll()
    .where('job_id', '=', jobId)
    .orderBy('seq')
    .execute()
}

export function findTarget(
  scope: TenantScope,
  jobId: string,
  deviceId: string,
): Promise<TargetRow | undefined> {
  return scope
    .selectFrom('job_targets')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('device_id', '=', deviceId as DeviceId)
    .executeTakeFirst()
}

export function queuedTargets(
  scope: TenantScope,
  jobId: string,
  maxSeq?: number,
): Promise<TargetRow[]> {
  let q = scope
    .selectFrom('job_targets')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('state', '=', 'queued')
  if (maxSeq !== undefined) q = q.where('seq', '<=', maxSeq)
  return q.orderBy('seq').execute()
}

/** Per-state counts of one job, or of many (keyed by job id). */
export async function countTargets(
  scope: TenantScope,
  jobIds: readonly string[],
): Promise<Map<string, Map<TargetState, number>>> {
  const out = new Map<string, Map<TargetState, number>>()
  if (jobIds.length === 0) return out
  const rows = await scope
    .selectFrom('job_targets')
    .select(['job_id', 'state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', 'in', jobIds)
    .groupBy(['job_id', 'state'])
    .execute()
  for (const r of rows) {
    const m = out.get(r.job_id) ?? new Map<TargetState, number>()
    m.set(r.state, Number(r.n))
    out.set(r.job_id, m)
  }
  return out
}

export async function updateJob(
  scope: TenantScope,
  jobId: string,
  patch: Partial<Omit<JobRow, 'id' | 'tenant_id'>>,
  onlyIn?: readonly JobState[],
): Promise<boolean> {
  let q = scope.updateTable('jobs').set(patch).where('id', '=', jobId)
  if (onlyIn) q = q.where('state', 'in', onlyIn)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Claims a queued target: the conditional update is what makes a target run at most once. */
export async function claimTarget(
  scope: TenantScope,
  jobId: string,
  deviceId: DeviceId,
  now: number,
): Promise<boolean> {
  const r = await scope
    .updateTable('job_targets')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      started_at: now,
      finished_at: null,
      error: null,
    }))
    .where('job_id', '=', jobId)
    .where('device_id', '=', deviceId)
    .where('state', '=', 'queued')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function updateTarget(
  scope: TenantScope,
  jobId: string,
  deviceId: DeviceId,
  patch: Partial<Omit<TargetRow, 'tenant_id' | 'job_id' | 'device_id'>>,
): Promise<void> {
  await scope
    .updateTable('job_targets')
    .set(patch)
    .where('job_id', '=', jobId)
    .where('device_id', '=', deviceId)
    .execute()
}

/** Moves every target of a job in one of `from` to `to`; returns how many moved. */
export async function moveTargets(
  scope: TenantScope,
  jobId: string,
  from: readonly TargetState[],
  to: TargetState,
  patch: Partial<TargetRow> = {},
  /** targets left alone (several processes: another live one runs them) */
  exceptDevices: readonly string[] = [],
): Promise<number> {
  let q = scope
    .updateTable('job_targets')
    .set({ ...patch, state: to })
    .where('job_id', '=', jobId)
    .where('state', 'in', from)
  if (exceptDevices.length > 0) q = q.where('device_id', 'not in', exceptDevices as DeviceId[])
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** The targets of a job that are running now (device and attempt: their claim keys). */
export function runningTargets(
  scope: TenantScope,
  jobId: string,
): Promise<{ device_id: string; attempts: number }[]> {
  return scope
    .selectFrom('job_targets')
    .select(['device_id', 'attempts'])
    .where('job_id', '=', jobId)
    .where('state', '=', 'running')
    .execute()
}

/** Jobs of the tenant in one of these states (startup recovery, the maintenance-window tick). */
export function jobsIn(scope: TenantScope, states: readonly JobState[]): Promise<JobRow[]> {
  return scope.selectFrom('jobs').selectAll().where('state', 'in', states).execute()
}

/** History older than `before` goes (targets with it, by cascade). */
export async function deleteJobsBefore(scope: TenantScope, before: number): Promise<number> {
  const r = await scope
    .deleteFrom('jobs')
    .where('created_at', '<', before)
    .where('state', 'not in', ['running', 'scheduled', 'paused'])
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
