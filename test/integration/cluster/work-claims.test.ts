// One-time work claims on a real PostgreSQL: three nodes (own pools) racing for the same 1000
// keys each get a disjoint part and together all of them; a dead node's unfinished claim is
// taken again by exactly one node after it ran out; finished work is never taken again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { PgWorkClaims } from '../../../src/cluster/index.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  type ClusterDb,
} from '../../support/cluster-pg.ts'

let server: TestPostgres
let url: string
const dbs: ClusterDb[] = []

beforeAll(async () => {
  server = await startPostgres()
  url = await createClusterDatabase(server, 'claims')
}, 60_000)
afterAll(async () => {
  for (const db of dbs) await db.destroy()
  server?.stop()
})

function node(id: string, holdMs = 60_000): PgWorkClaims {
  const db = clusterKysely(clusterPool(url, 8))
  dbs.push(db)
  return new PgWorkClaims(db, id, holdMs)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('work claims', () => {
  it('3 nodes × 1000 keys racing: every key is claimed exactly once', async () => {
    const nodes = ['a', 'b', 'c'].map((id) => node(id))
    const keys = Array.from({ length: 1000 }, (_, i) => `job-1:dev-${i}:0`)
    const won = new Map<string, string[]>()
    await Promise.all(
      nodes.map(async (n, ni) => {
        // each node walks the keys in its own order, eight at a time, like a job runner's workers
        const order = ni === 1 ? [...keys].reverse() : keys
        for (let i = 0; i < order.length; i += 8) {
          const batch = order.slice(i, i + 8)
          const got = await Promise.all(batch.map((k) => n.claimOnce('job.target', k)))
          batch.forEach((k, j) => {
            if (got[j]) won.set(k, [...(won.get(k) ?? []), String(ni)])
          })
        }
      }),
    )
    expect(won.size).toBe(1000)
    expect([...won.values()].every((w) => w.length === 1)).toBe(true)
    // every node did some of the work (they really raced)
    const per = new Set([...won.values()].map((w) => w[0]))
    expect(per.size).toBeGreaterThan(1)
  })

  it('a dead node’s unfinished claim is retried by exactly one node; done work never', async () => {
    const dead = node('dead', 1500) // long enough to hold while the machine is loaded
    expect(await dead.claimOnce('notification.delivery', 'out-1:0')).toBe(true)
    expect(await dead.claimOnce('notification.delivery', 'out-2:0')).toBe(true)
    await dead.done('notification.delivery', 'out-2:0')
    const [a, b] = [node('a'), node('b')]
    // still held: nobody else gets it, not even the holder a second time
    expect(await a.claimOnce('notification.delivery', 'out-1:0')).toBe(false)
    expect(await dead.claimOnce('notification.delivery', 'out-1:0')).toBe(false)
    await sleep(1700)
    const race = await Promise.all([
      a.claimOnce('notification.delivery', 'out-1:0'),
      b.claimOnce('notification.delivery', 'out-1:0'),
      a.claimOnce('notification.delivery', 'out-2:0'),
      b.claimOnce('notification.delivery', 'out-2:0'),
    ])
    expect(race.slice(0, 2).filter(Boolean)).toHaveLength(1)
    expect(race.slice(2)).toEqual([false, false])
    const row = await sql<{ attempts: number; node_id: string }>`
      SELECT attempts, node_id FROM work_claims WHERE key = 'out-1:0'`.execute(dbs[0]!)
    expect(row.rows[0]?.attempts).toBe(2)
    expect(['a', 'b']).toContain(row.rows[0]?.node_id)
  })

  it('tells which claims a live node still holds: not a dead or stopped node’s, not done ones', async () => {
    const db = dbs[0] ?? clusterKysely(clusterPool(url, 2))
    if (dbs.length === 0) dbs.push(db)
    const beat = (id: string, agoMs: number, stopped = false) =>
      sql`
      INSERT INTO cluster_nodes (id, host, pid, version, started_at, heartbeat_at, clock_offset_ms, stopped_at)
      VALUES (${id}, 'h', 1, 't', 0, (extract(epoch from now()) * 1000)::bigint - ${agoMs}, 0,
        ${stopped ? 1 : null})
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at, stopped_at = EXCLUDED.stopped_at`.execute(
        db,
      )
    await beat('live-1', 1000)
    await beat('dead-1', 60_000)
    await beat('gone-1', 1000, true)
    const [live, dead, gone] = [node('live-1'), node('dead-1'), node('gone-1')]
    await live.claimOnce('job.target', 'j:1:0')
    await live.claimOnce('job.target', 'j:2:0')
    await live.done('job.target', 'j:2:0')
    await dead.claimOnce('job.target', 'j:3:0')
    await gone.claimOnce('job.target', 'j:4:0')
    const keys = ['j:1:0', 'j:2:0', 'j:3:0', 'j:4:0', 'j:5:0']
    expect([...(await dead.heldByLive('job.target', keys))]).toEqual(['j:1:0'])
    expect(await live.heldByLive('alert.transition', keys)).toEqual(new Set())
    expect(live.clustered).toBe(true)
  })

  it('prunes finished claims only after they are old', async () => {
    const n = node('p')
    expect(await n.claimOnce('alert.transition', 'k-old')).toBe(true)
    await n.done('alert.transition', 'k-old')
    expect(await n.prune(60_000)).toBe(0)
    await sleep(20)
    expect(await n.prune(1)).toBeGreaterThanOrEqual(1)
    // forgotten after pruning: a key is kept for as long as its work could come back
    expect(await n.claimOnce('alert.transition', 'k-old')).toBe(true)
  })
})
