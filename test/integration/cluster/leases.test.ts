// Device leases across nodes that each have their own pool (as separate processes would), on a
// real PostgreSQL: fair share, rebalancing on join and leave, takeover of a dead node's devices
// within two rounds of its lease, fencing of a paused node, and process clocks skewed by minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type pg from 'pg'
import { ClusterNode, holdsLease } from '../../../src/cluster/index.ts'
import { createSilentLogger } from '../../../src/log.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import {
  clusterKysely,
  clusterPool,
  createClusterDatabase,
  deviceRefs,
  type ClusterDb,
} from '../../support/cluster-pg.ts'

let server: TestPostgres
const opened: { pool: pg.Pool; db: ClusterDb }[] = []
let dbCount = 0

beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(async () => {
  for (const o of opened) await o.db.destroy()
  server?.stop()
})

function connect(url: string): ClusterDb {
  const pool = clusterPool(url)
  const db = clusterKysely(pool)
  opened.push({ pool, db })
  return db
}

interface Setup {
  url: string
  devices: { id: string; tenantId: string }[]
  node(name: string, opts?: { skewMs?: number; roundMs?: number; leaseMs?: number }): ClusterNode
}

async function setup(n: number): Promise<Setup> {
  const url = await createClusterDatabase(server, `leases_${++dbCount}`)
  const devices = deviceRefs(n)
  return {
    url,
    devices,
    node: (name, opts = {}) =>
      new ClusterNode({
        db: connect(url),
        listDevices: () => Promise.resolve(devices),
        version: 'test',
        log: createSilentLogger(),
        clock: { now: () => Date.now() + (opts.skewMs ?? 0) },
        roundMs: opts.roundMs ?? 1000,
        leaseMs: opts.leaseMs ?? 30_000,
        nodeId: name,
      }),
  }
}

async function holders(url: string): Promise<Map<string, number>> {
  const db = connect(url)
  const rows = await sql<{ node_id: string | null; n: number }>`
    SELECT node_id, count(*)::int AS n FROM device_leases GROUP BY node_id`.execute(db)
  return new Map(rows.rows.map((r) => [r.node_id ?? '(free)', r.n]))
}

const rounds = (nodes: ClusterNode[]) => Promise.all(nodes.map((n) => n.round()))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function ownedBy(node: ClusterNode, devices: { id: string }[]): string[] {
  return devices.filter((d) => node.leases.owns(d.id)).map((d) => d.id)
}

describe('device leases', () => {
  it('three nodes racing for 300 devices each get 100, none shared, none left over', async () => {
    const s = await setup(300)
    const nodes = ['a', 'b', 'c'].map((x) => s.node(x))
    await rounds(nodes) // join: nobody claims before it has seen the others
    expect(nodes.every((n) => n.leases.count === 0)).toBe(true)
    await rounds(nodes) // concurrent claims: SKIP LOCKED keeps them apart
    await rounds(nodes)
    expect(nodes.map((n) => n.leases.count)).toEqual([100, 100, 100])
    const sets = nodes.map((n) => new Set(ownedBy(n, s.devices)))
    const union = new Set(sets.flatMap((x) => [...x]))
    expect(union.size).toBe(300)
    expect(sets.reduce((sum, x) => sum + x.size, 0)).toBe(300)
    expect(await holders(s.url)).toEqual(
      new Map([
        ['a', 100],
        ['b', 100],
        ['c', 100],
      ]),
    )
  })

  it('rebalances when a node joins and when one leaves cleanly', async () => {
    const s = await setup(301)
    const [a, b] = [s.node('a'), s.node('b')]
    await rounds([a, b])
    await rounds([a, b])
    expect([a.leases.count, b.leases.count].sort()).toEqual([150, 151])
    const c = s.node('c')
    await c.round() // joins
    await rounds([a, b]) // release down to ceil(301 / 3) = 101
    expect([a.leases.count, b.leases.count]).toEqual([101, 101])
    const versionBefore = c.leases.version
    await c.round() // takes what was released
    expect(c.leases.count).toBe(99)
    expect(c.leases.version).toBeGreaterThan(versionBefore)
    expect((await holders(s.url)).get('(free)')).toBeUndefined()
    await c.stop() // leaves: its leases are free at once, its node row is stopped
    await rounds([a, b])
    expect([a.leases.count, b.leases.count].sort()).toEqual([150, 151])
    expect(c.leases.owns(s.devices[0]!.id)).toBe(false)
  })

  it('takes a dead node over within its lease plus a round, and fences the dead node', async () => {
    const roundMs = 100
    const leaseMs = 400
    const s = await setup(300)
    const nodes = ['a', 'b', 'c'].map((x) => s.node(x, { roundMs, leaseMs }))
    const [a, b, c] = nodes as [ClusterNode, ClusterNode, ClusterNode]
    await rounds(nodes)
    await rounds(nodes)
    const cDevices = ownedBy(c, s.devices)
    expect(cDevices).toHaveLength(100)
    const fence = c.leases.fence(cDevices[0]!)!
    expect(await holdsLease(connect(s.url), fence)).toBe(true)
    // c stops heartbeating and renewing (a kill -9, or a long pause): a and b keep their rounds
    const died = Date.now()
    let takenOver = 0
    while (Date.now() - died < 5000) {
      await rounds([a, b])
      if (a.leases.count + b.leases.count === 300) {
        takenOver = Date.now() - died
        break
      }
      await sleep(roundMs)
    }
    expect(takenOver).toBeGreaterThan(0)
    expect(takenOver).toBeLessThanOrEqual(leaseMs + 3 * roundMs + 500)
    expect([a.leases.count, b.leases.count]).toEqual([150, 150])
    // the paused node no longer owns its old devices (its own lease deadline passed) and its
    // fence (old epoch) is refused in a writing transaction
    expect(c.leases.owns(cDevices[0]!)).toBe(false)
    expect(await holdsLease(connect(s.url), fence)).toBe(false)
    const now = a.leases.fence(cDevices[0]!) ?? b.leases.fence(cDevices[0]!)
    expect(now?.epoch).toBe(fence.epoch + 1)
    // c wakes up: its renew finds nothing of its own, it rejoins and gets a fair share again
    await c.round()
    expect(c.leases.count).toBeLessThanOrEqual(100)
    await rounds([a, b])
    await c.round()
    expect([a.leases.count, b.leases.count, c.leases.count]).toEqual([100, 100, 100])
  })

  it('process clocks minutes apart change nothing: expiry uses the database clock', async () => {
    const roundMs = 100
    const leaseMs = 400
    const s = await setup(300)
    const a = s.node('a', { roundMs, leaseMs })
    const b = s.node('b', { roundMs, leaseMs, skewMs: 5 * 60_000 }) // five minutes ahead
    const c = s.node('c', { roundMs, leaseMs, skewMs: -3 * 60_000 }) // three minutes behind
    await rounds([a, b, c])
    for (let i = 0; i < 3; i++) await rounds([a, b, c])
    expect([a.leases.count, b.leases.count, c.leases.count]).toEqual([100, 100, 100])
    // b, ahead by minutes, would consider everyone's leases expired if it used its own clock
    await rounds([a, b, c])
    expect([a.leases.count, b.leases.count, c.leases.count]).toEqual([100, 100, 100])
    const offsets = await sql<{ id: string; clock_offset_ms: number }>`
      SELECT id, clock_offset_ms FROM cluster_nodes ORDER BY id`.execute(connect(s.url))
    const off = new Map(offsets.rows.map((r) => [r.id, r.clock_offset_ms]))
    expect(Math.abs(off.get('a')!)).toBeLessThan(2000)
    expect(Math.abs(off.get('b')! - 300_000)).toBeLessThan(2000)
    expect(Math.abs(off.get('c')! + 180_000)).toBeLessThan(2000)
    // the skewed node dies: the other two still take it over on the database's clock
    const died = Date.now()
    while (a.leases.count + c.leases.count < 300 && Date.now() - died < 5000) {
      await sleep(roundMs)
      await rounds([a, c])
    }
    expect(a.leases.count + c.leases.count).toBe(300)
    expect(Date.now() - died).toBeLessThan(leaseMs + 3 * roundMs + 500)
  })

  it('tells its listeners which devices, with their tenant, each round claimed', async () => {
    const s = await setup(40)
    const [a, b] = [s.node('a'), s.node('b')]
    const seen: { id: string; tenantId: string }[] = []
    b.leases.onAcquired((refs) => seen.push(...refs))
    await rounds([a, b])
    await rounds([a, b])
    const tenantOf = new Map(s.devices.map((d) => [d.id, d.tenantId]))
    expect(seen.length).toBe(20)
    expect(seen.every((r) => tenantOf.get(r.id) === r.tenantId)).toBe(true)
    await a.stop() // a's devices are free: b claims them and says so
    await b.round()
    expect(seen.length).toBe(40)
    expect(new Set(seen.map((r) => r.id)).size).toBe(40)
    expect(ownedBy(b, s.devices).sort()).toEqual(seen.map((r) => r.id).sort())
  })

  it('follows the device list: new devices get leases, deleted ones lose theirs', async () => {
    const s = await setup(10)
    const [a, b] = [s.node('a'), s.node('b')]
    await rounds([a, b])
    await rounds([a, b])
    expect(a.leases.count + b.leases.count).toBe(10)
    s.devices.splice(0, 4) // four devices deleted
    s.devices.push(...deviceRefs(6, 100)) // six added
    await rounds([a, b])
    await rounds([a, b])
    expect([a.leases.count, b.leases.count]).toEqual([6, 6])
    expect(a.leases.owns('d0000') || b.leases.owns('d0000')).toBe(false)
    expect(a.leases.owns('d0105') || b.leases.owns('d0105')).toBe(true)
    const total = await holders(s.url)
    expect([...total.values()].reduce((x, y) => x + y, 0)).toBe(12)
  })
})
