// Three real processes (test/support/cluster-worker.ts) share one PostgreSQL: 300 devices are
// "polled" every interval through device leases while 600 job keys are worked through claims.
// One process is killed with SIGKILL mid-run (another runs with its clock two minutes ahead):
// every device keeps being polled with no gap longer than two intervals, no device is written by
// two holders under one lease epoch, and every job key runs exactly once.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  deviceRefs,
  type ClusterDb,
} from '../../support/cluster-pg.ts'

const DEVICES = 300
const KEYS = 600
// short for a test, yet several lease rounds long, as in production (60 s polls, 15 s leases)
const INTERVAL_MS = 4000
const ROUND_MS = 250
const LEASE_MS = 750

let server: TestPostgres
let db: ClusterDb
let url: string
const children: ChildProcess[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'processes')
  db = clusterKysely(clusterPool(url))
  await sql`CREATE TABLE fake_devices (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL)`.execute(db)
  await sql`CREATE TABLE polls (device_id TEXT NOT NULL, node_id TEXT NOT NULL,
    epoch BIGINT NOT NULL, at BIGINT NOT NULL)`.execute(db)
  await sql`CREATE TABLE executions (key TEXT NOT NULL, node_id TEXT NOT NULL)`.execute(db)
  const refs = deviceRefs(DEVICES)
  await sql`INSERT INTO fake_devices (id, tenant_id)
    SELECT * FROM unnest(${refs.map((d) => d.id)}::text[], ${refs.map((d) => d.tenantId)}::text[])`.execute(
    db,
  )
}, 60_000)

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await db?.destroy()
  server?.stop()
})

async function worker(nodeId: string, skewMs = 0): Promise<ChildProcess> {
  const cfg = {
    url,
    nodeId,
    roundMs: ROUND_MS,
    leaseMs: LEASE_MS,
    intervalMs: INTERVAL_MS,
    keys: KEYS,
    workMs: 120, // the keys take longer than the run up to the kill
    skewMs,
  }
  const child = spawn(process.execPath, ['test/support/cluster-worker.ts', JSON.stringify(cfg)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  expect(line.toString()).toContain('ready')
  return child
}

const dbNow = async () =>
  (await sql<{ now: number }>`SELECT (extract(epoch from now()) * 1000)::bigint AS now`.execute(db))
    .rows[0]!.now
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitFor(cond: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

describe('three poller processes and a kill -9', () => {
  it('keeps every device polled within two intervals and runs every job key once', async () => {
    const [a, b, c] = await Promise.all([worker('n1'), worker('n2', 120_000), worker('n3')])
    await waitFor(
      async () => {
        const r = await sql<{ n: number; nodes: number }>`
          SELECT count(DISTINCT device_id)::int AS n, count(DISTINCT node_id)::int AS nodes
          FROM polls`.execute(db)
        return r.rows[0]!.n === DEVICES && r.rows[0]!.nodes === 3
      },
      'every device polled, by three nodes',
      30_000,
    )
    // measured from when every device has been polled once (the start-up settles first)
    await sleep(INTERVAL_MS)
    const from = await dbNow()
    await sleep(2 * INTERVAL_MS)
    const killedAt = await dbNow()
    c.kill('SIGKILL')
    await once(c, 'exit')
    // what the killed process had claimed but not finished: its claims must run out and be retried
    const orphaned = await sql<{ key: string }>`
      SELECT key FROM work_claims WHERE node_id = 'n3' AND done_at IS NULL`.execute(db)
    await sleep(3 * INTERVAL_MS)
    const to = await dbNow()
    await waitFor(
      async () =>
        (await sql<{ n: number }>`SELECT count(DISTINCT key)::int AS n FROM executions`.execute(db))
          .rows[0]!.n === KEYS,
      'every job key to run',
      60_000,
    )
    a.kill('SIGTERM')
    b.kill('SIGTERM')
    await Promise.all([once(a, 'exit'), once(b, 'exit')])

    // gaps per device inside [from, to], with the edges counted as gaps too
    const rows = await sql<{ device_id: string; at: number; node_id: string }>`
      SELECT device_id, at, node_id FROM polls WHERE at BETWEEN ${from - INTERVAL_MS} AND ${to}
      ORDER BY device_id, at`.execute(db)
    const byDevice = new Map<string, number[]>()
    for (const r of rows.rows)
      byDevice.set(r.device_id, [...(byDevice.get(r.device_id) ?? []), r.at])
    expect(byDevice.size).toBe(DEVICES)
    let maxGap = 0
    let worst = ''
    let worstAt = 0
    for (const [id, times] of byDevice) {
      const inside = [from, ...times.filter((t) => t >= from), to]
      const before = times.filter((t) => t < from).at(-1)
      if (before !== undefined) inside[0] = before
      for (let i = 1; i < inside.length; i++) {
        const gap = inside[i]! - inside[i - 1]!
        if (gap > maxGap) [maxGap, worst, worstAt] = [gap, id, inside[i - 1]! - killedAt]
      }
    }
    process.stderr.write(
      `cluster processes: max poll gap ${maxGap} ms (device ${worst}, from ${worstAt} ms after the kill), interval ${INTERVAL_MS} ms\n`,
    )
    expect(maxGap).toBeLessThanOrEqual(2 * INTERVAL_MS)
    // the killed node's devices went to the two others
    const after = await sql<{ node_id: string }>`
      SELECT DISTINCT node_id FROM polls WHERE at > ${killedAt + 2 * INTERVAL_MS}`.execute(db)
    expect(after.rows.map((r) => r.node_id).sort()).toEqual(['n1', 'n2'])
    // fencing: one holder per (device, epoch)
    const shared = await sql`
      SELECT device_id, epoch FROM polls GROUP BY device_id, epoch
      HAVING count(DISTINCT node_id) > 1`.execute(db)
    expect(shared.rows).toEqual([])
    // exactly once: no key ran twice, and all ran (some after their claim of n3 ran out)
    const twice = await sql`SELECT key FROM executions GROUP BY key HAVING count(*) > 1`.execute(db)
    expect(twice.rows).toEqual([])
    const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM executions`.execute(db)
    expect(total.rows[0]!.n).toBe(KEYS)
    const retried = await sql<{ key: string; node_id: string; attempts: number }>`
      SELECT e.key, e.node_id, w.attempts FROM executions e
      JOIN work_claims w ON w.kind = 'job.target' AND w.key = e.key
      WHERE e.key = ANY(${orphaned.rows.map((r) => r.key)}::text[])`.execute(db)
    expect(retried.rows).toHaveLength(orphaned.rows.length)
    for (const r of retried.rows) {
      expect(r.node_id).not.toBe('n3')
      expect(r.attempts).toBe(2)
    }
    process.stderr.write(
      `cluster processes: ${orphaned.rows.length} job key(s) held by the killed process ran elsewhere once\n`,
    )
  }, 120_000)
})
