// Two Outpost appliances started on one PostgreSQL (OUTPOST_DATABASE_URL as the app role, the
// owner URL for migrations and the metrics schema): both join the cluster of pollers, metrics
// live in partitioned tables, both answer ready, and a stopped one leaves the cluster.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

let pg: TestPostgres
const dirs: string[] = []
const running: RunningOutpost[] = []
beforeAll(async () => {
  pg = await startPostgres()
  pg.psql('CREATE ROLE outpost_app LOGIN')
  pg.psql('CREATE DATABASE outpost')
})
afterAll(async () => {
  for (const o of running) await o.stop()
  pg?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const logLines: string[] = []
const dest = new Writable({
  write: (chunk, _enc, done) => {
    logLines.push(String(chunk))
    done()
  },
})

function env(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-app-cluster-'))
  dirs.push(dir)
  return {
    OUTPOST_DATA_DIR: dir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_DATABASE_URL: pg.urlFor('outpost', 'outpost_app'),
    OUTPOST_DATABASE_OWNER_URL: pg.urlFor('outpost'),
    OUTPOST_SYSLOG_PORT: '0',
    OUTPOST_HTTPS_PORT: '0',
    OUTPOST_RECOVERY_PORT: '0',
    OUTPOST_ARGON2_PROFILE: 'light',
    // the processes of one installation share the master key (it opens the same credentials)
    OUTPOST_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
  }
}

it('runs two appliances as one cluster on PostgreSQL', async () => {
  const a = await startOutpost(env(), { logDestination: dest })
  running.push(a)
  const b = await startOutpost(env(), { logDestination: dest, initialAdmin: false })
  running.push(b)
  for (const o of [a, b]) expect((await fetch(`${o.url}/health/ready`)).status).toBe(200)
  expect(pg.psql('SELECT count(*) FROM cluster_nodes WHERE stopped_at IS NULL', 'outpost')).toBe(
    '2\n',
  )
  const partitioned = pg.psql(
    "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'outpost_metrics'",
    'outpost',
  )
  expect(Number(partitioned)).toBeGreaterThanOrEqual(3)
  await b.stop()
  running.pop()
  expect(pg.psql('SELECT count(*) FROM cluster_nodes WHERE stopped_at IS NULL', 'outpost')).toBe(
    '1\n',
  )
  expect(logLines.filter((l) => /"level":50/.test(l))).toEqual([])
}, 60_000)
