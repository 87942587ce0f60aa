// One "Outpost process" of the multi-process cluster test (test/integration/cluster/processes):
// it runs the real ClusterNode (heartbeats, device leases, work claims) against the test's
// PostgreSQL, a fake poller that "polls" every owned device once per interval by recording
// (device, node, epoch, database time) in `polls` inside a transaction fenced by holdsLease(), and
// a job worker that claims keys with claimOnce and records each run in `executions` in the same
// transaction that marks the claim done. Config: one JSON argument. Stops on SIGTERM.
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { ClusterNode, PgWorkClaims, dbNowMs, holdsLease } from '../../src/cluster/index.ts'
import { createSilentLogger } from '../../src/log.ts'
import { clusterKysely, clusterPool } from './cluster-pg.ts'

interface WorkerConfig {
  url: string
  nodeId: string
  roundMs: number
  leaseMs: number
  intervalMs: number
  keys: number
  workMs: number
  skewMs: number
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig
const db = clusterKysely(clusterPool(cfg.url, 8))
const devices = (
  await sql<{ id: string; tenant_id: string }>`SELECT id, tenant_id FROM fake_devices`.execute(db)
).rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }))
const node = new ClusterNode({
  db,
  listDevices: () => Promise.resolve(devices),
  version: 'test',
  log: createSilentLogger(),
  clock: { now: () => Date.now() + cfg.skewMs },
  roundMs: cfg.roundMs,
  leaseMs: cfg.leaseMs,
  claimHoldMs: 1000,
  nodeId: cfg.nodeId,
})
node.start()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
let stopping = false

// ---- fake poller: the scheduler's loop, reduced to "due → fenced write" ----
const due = new Map<string, number>()
const inFlight = new Set<string>()
let seen = -1

/** true when the result was stored as the lease holder */
async function poll(id: string): Promise<boolean> {
  const fence = node.leases.fence(id)
  if (fence === undefined) return false
  return db.transaction().execute(async (trx) => {
    if (!(await holdsLease(trx, fence))) return false
    await sql`INSERT INTO polls (device_id, node_id, epoch, at)
      VALUES (${id}, ${fence.nodeId}, ${fence.epoch}, ${dbNowMs})`.execute(trx)
    return true
  })
}

const pollTimer = setInterval(() => {
  const now = performance.now()
  if (node.leases.version !== seen) {
    seen = node.leases.version
    for (const d of devices) {
      const mine = node.leases.owns(d.id)
      if (mine && !due.has(d.id)) due.set(d.id, now) // joined the share: poll at once
      if (!mine) due.delete(d.id)
    }
  }
  for (const [id, at] of due) {
    if (at > now || inFlight.has(id) || inFlight.size >= 6) continue
    inFlight.add(id)
    due.set(id, now + cfg.intervalMs)
    // not stored (the lease renewal is late, or the device moved): tried again shortly while owned
    void poll(id)
      .catch(() => false)
      .then((stored) => {
        if (!stored && due.has(id)) due.set(id, performance.now() + 100)
      })
      .finally(() => inFlight.delete(id))
  }
}, 25)

// ---- job worker: each key runs once across the processes ----
async function work(): Promise<void> {
  const pending = new Set(Array.from({ length: cfg.keys }, (_, i) => `k${i}`))
  const offset = Number(cfg.nodeId.replace(/\D/g, '') || 0) * Math.floor(cfg.keys / 3)
  while (pending.size > 0 && !stopping) {
    const order = [...pending]
    const rotated = [
      ...order.slice(offset % order.length),
      ...order.slice(0, offset % order.length),
    ]
    for (const key of rotated) {
      if (stopping) return
      if (!(await node.claims.claimOnce('job.target', key, 1000))) continue
      await sleep(cfg.workMs) // the work on the device
      await db.transaction().execute(async (trx) => {
        await sql`INSERT INTO executions (key, node_id) VALUES (${key}, ${cfg.nodeId})`.execute(trx)
        await new PgWorkClaims(trx, cfg.nodeId, 1000).done('job.target', key)
      })
      pending.delete(key)
    }
    const done = await sql<{ key: string }>`
      SELECT key FROM work_claims WHERE kind = 'job.target' AND done_at IS NOT NULL
        AND key = ANY(${[...pending]}::text[])`.execute(db)
    for (const r of done.rows) pending.delete(r.key)
    await sleep(100)
  }
}
const working = work().catch((err: unknown) => {
  process.stderr.write(`work failed: ${String(err)}\n`)
})

process.on('SIGTERM', () => {
  stopping = true
  clearInterval(pollTimer)
  void (async () => {
    await working
    await node.stop()
    await db.destroy()
    process.exit(0)
  })()
})
process.stdout.write('ready\n')
