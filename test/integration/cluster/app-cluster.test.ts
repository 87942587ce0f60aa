// Two Outpost appliances started on one PostgreSQL (OUTPOST_DATABASE_URL as the app role, the
// owner URL for migrations and the metrics schema): both join the cluster of pollers, metrics
// live in partitioned tables, both answer ready, and a stopped one leaves the cluster. Job and
// scan progress made in one reaches the Jobs and Discovery pages of the other, once.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanRunner } from '../../../src/discovery/index.ts'
import { jobRunner } from '../../../src/jobs/index.ts'
import type { JobEvent } from '../../../src/jobs/jobs.types.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { clusterApps, type ClusterApps } from './cluster-apps.ts'

let apps: ClusterApps
const running: RunningOutpost[] = []
beforeAll(async () => {
  apps = await clusterApps()
})
afterAll(async () => {
  for (const o of running) await o.stop()
  apps?.close()
})

it('runs two appliances as one cluster on PostgreSQL', async () => {
  const a = await startOutpost(apps.env(), { logDestination: apps.dest })
  running.push(a)
  const b = await startOutpost(apps.env(), { logDestination: apps.dest, initialAdmin: false })
  running.push(b)
  for (const o of [a, b]) expect((await fetch(`${o.url}/health/ready`)).status).toBe(200)
  expect(
    apps.pg.psql('SELECT count(*) FROM cluster_nodes WHERE stopped_at IS NULL', 'outpost'),
  ).toBe('2\n')
  const partitioned = apps.pg.psql(
    "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'outpost_metrics'",
    'outpost',
  )
  expect(Number(partitioned)).toBeGreaterThanOrEqual(3)
  await b.stop()
  running.pop()
  expect(
    apps.pg.psql('SELECT count(*) FROM cluster_nodes WHERE stopped_at IS NULL', 'outpost'),
  ).toBe('1\n')
  expect(apps.logLines.filter((l) => /"level":50/.test(l))).toEqual([])
}, 60_000)

it('carries job and scan progress to the pages of the other appliance, and not back again', async () => {
  const a = await startOutpost(apps.env(), { logDestination: apps.dest })
  running.push(a)
  const b = await startOutpost(apps.env(), { logDestination: apps.dest, initialAdmin: false })
  running.push(b)
  const seen = { a: [] as JobEvent[], b: [] as JobEvent[], scans: [] as unknown[] }
  jobRunner(a.deps).subscribe((e) => seen.a.push(e))
  jobRunner(b.deps).subscribe((e) => seen.b.push(e))
  scanRunner(b.deps).subscribe((e) => seen.scans.push(e))
  const tenantId = 'T1' as TenantId
  // what the runner emits when a job's target changes (the page only needs tenant and job)
  jobRunner(a.deps).emit({ tenantId, jobId: 'J1', state: 'running' })
  jobRunner(a.deps).emit({ tenantId, jobId: 'J1', state: 'succeeded' })
  scanRunner(a.deps).notify({ tenantId, scanId: 'S1' })
  const deadline = Date.now() + 10_000
  while ((seen.b.length === 0 || seen.scans.length === 0) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50))
  // the two notices of one flush arrive as one: the page re-reads the job anyway
  expect(seen.b).toEqual([{ tenantId, jobId: 'J1', remote: true }])
  expect(seen.scans).toEqual([{ tenantId, scanId: 'S1', remote: true }])
  await new Promise((r) => setTimeout(r, 1000))
  expect(seen.a).toHaveLength(2) // its own two, nothing echoed back by b
  expect(seen.b).toHaveLength(1)
}, 60_000)
