// Several processes (issue 20): a process that starts (or its minute tick) recovers only the job
// targets whose process is gone. A target another live process runs is left to it; before, any
// restart marked every running target of the whole cluster interrupted. The claims are the
// cluster's interface (work-claims.test.ts checks heldByLive on a real PostgreSQL); here a
// cluster whose live processes hold given keys.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { createJob, jobTick, recoverJobs } from '../../../src/jobs/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { installWorkClaims, type WorkClaims } from '../../../src/lib/work-claim.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
let scope: TenantScope
const live = new Set<string>()
const actor = { kind: 'user' as const, id: 'U', name: 'cluster-test', ip: null }

beforeAll(async () => {
  deps = await createTestDeps()
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 'jobs-cluster', created_at: Date.now() })
    .execute()
  scope = forTenant(deps.kysely, tenantId)
  for (let i = 0; i < 3; i++) {
    const input = deviceCreateSchema.parse({
      name: `jc-${i}`,
      host: '127.0.0.1',
      api_port: '1',
      username: 'admin',
      password: '',
      is_enabled: 'false',
    })
    const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error('device')
  }
  const claims: WorkClaims = {
    claimOnce: () => Promise.resolve(false),
    done: () => Promise.resolve(),
    clustered: true,
    heldByLive: (_kind, keys) => Promise.resolve(new Set(keys.filter((k) => live.has(k)))),
  }
  installWorkClaims(deps.kysely, claims)
})
afterAll(() => deps?.close())

/** A job another process was running: every target in flight (attempt 1). */
async function jobInFlight(): Promise<{ jobId: string; devices: string[] }> {
  const job = await createJob(
    { deps, scope, actor },
    {
      kind: 'command',
      command: '/system resource print',
      targets: { all: true },
      concurrency: 10,
      canary: 0,
      canaryAuto: false,
      stopOnFailure: false,
      timeoutS: 30,
      mode: 'standard',
      notBefore: Date.now() + 3_600_000,
    },
  )
  await scope.updateTable('jobs').set({ state: 'running' }).where('id', '=', job.id).execute()
  await scope
    .updateTable('job_targets')
    .set({ state: 'running', attempts: 1 })
    .where('job_id', '=', job.id)
    .execute()
  const rows = await scope
    .selectFrom('job_targets')
    .select('device_id')
    .where('job_id', '=', job.id)
    .orderBy('device_id')
    .execute()
  return { jobId: job.id, devices: rows.map((r) => r.device_id) }
}

const states = async (jobId: string) => ({
  job: (
    await scope.selectFrom('jobs').select('state').where('id', '=', jobId).executeTakeFirstOrThrow()
  ).state,
  targets: (
    await scope
      .selectFrom('job_targets')
      .select('state')
      .where('job_id', '=', jobId)
      .orderBy('device_id')
      .execute()
  ).map((t) => t.state),
})

it('at start, leaves the targets a live process runs and interrupts those of a dead one', async () => {
  const { jobId, devices } = await jobInFlight()
  live.clear()
  live.add(`${jobId}:${devices[0]}:1`) // still running in a live process
  expect(await recoverJobs(deps)).toBe(2)
  expect(await states(jobId)).toEqual({
    job: 'interrupted',
    targets: ['running', 'interrupted', 'interrupted'],
  })
})

it('leaves a job alone whose targets all run in live processes', async () => {
  const { jobId, devices } = await jobInFlight()
  live.clear()
  for (const d of devices) live.add(`${jobId}:${d}:1`)
  await recoverJobs(deps)
  expect(await states(jobId)).toEqual({
    job: 'running',
    targets: ['running', 'running', 'running'],
  })
  // its process dies: the minute tick of a survivor takes the job over
  live.clear()
  await jobTick(deps)
  expect(await states(jobId)).toEqual({
    job: 'interrupted',
    targets: ['interrupted', 'interrupted', 'interrupted'],
  })
})
