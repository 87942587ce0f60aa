// Two Outpost appliances started on one PostgreSQL (OUTPOST_DATABASE_URL as the app role, the
// owner URL for migrations and the metrics schema): both join the cluster of pollers, metrics
// live in partitioned tables, both answer ready, and a stopped one leaves the cluster.
import { afterAll, beforeAll, expect, it } from 'vitest'
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
