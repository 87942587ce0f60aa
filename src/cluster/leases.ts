// Device leases: which process polls which device. Each round a node renews the leases it holds,
// then moves toward its fair share, ceil(devices / live nodes): it releases extras (a node joined)
// or claims free and expired leases (a node left or died) with SELECT … FOR UPDATE SKIP LOCKED, so
// concurrent nodes never wait on or take the same row. Expiry uses the database's clock. Every new
// holder bumps the lease's epoch: a paused node that lost a lease cannot write with the old epoch.
import { sql } from 'kysely'
import { performance } from 'node:perf_hooks'
import type { Assignment } from '../poller/index.ts'
import { dbNowMs, num, type ClusterDb } from './db-time.ts'

export interface DeviceRef {
  readonly id: string
  readonly tenantId: string
}

/** Who may write a device's poll result: checked in the writing transaction by holdsLease(). */
export interface Fence {
  readonly deviceId: string
  readonly nodeId: string
  readonly epoch: number
}

interface LeaseRow {
  device_id: string
  epoch: string | number
}

/** Told which devices a round claimed (the alert engine re-reads their open alerts). */
export type AcquiredListener = (devices: readonly DeviceRef[]) => void

export class DeviceLeases implements Assignment {
  readonly pollOnJoin = true
  readonly #db: ClusterDb
  readonly #nodeId: string
  readonly #leaseMs: number
  readonly #marginMs: number
  #held = new Map<string, number>()
  /** performance.now() until which every held lease is certainly still ours in the database */
  #deadline = 0
  #version = 0
  #seeded: Set<string> | undefined
  readonly #acquired = new Set<AcquiredListener>()

  constructor(db: ClusterDb, nodeId: string, leaseMs: number) {
    this.#db = db
    this.#nodeId = nodeId
    this.#leaseMs = leaseMs
    // a write started just before the deadline must commit before the lease runs out
    this.#marginMs = Math.min(2000, Math.floor(leaseMs / 4))
  }

  get version(): number {
    return this.#version
  }

  /** Devices held now. */
  get count(): number {
    return this.#held.size
  }

  owns(deviceId: string): boolean {
    return this.#held.has(deviceId) && performance.now() < this.#deadline
  }

  fence(deviceId: string): Fence | undefined {
    const epoch = this.#held.get(deviceId)
    return epoch === undefined || !this.owns(deviceId)
      ? undefined
      : { deviceId, nodeId: this.#nodeId, epoch }
  }

  /** Calls `listener` with the devices each round claims, before the poller sees them. */
  onAcquired(listener: AcquiredListener): () => void {
    this.#acquired.add(listener)
    return () => this.#acquired.delete(listener)
  }

  /** Adds leases for new devices and drops those of deleted or disabled ones (when the list changed). */
  async seed(devices: readonly DeviceRef[]): Promise<void> {
    const ids = new Set(devices.map((d) => d.id))
    const prev = this.#seeded
    if (prev !== undefined && prev.size === ids.size && [...ids].every((id) => prev.has(id))) return
    const fresh = devices.filter((d) => prev?.has(d.id) !== true)
    if (fresh.length > 0)
      await sql`
        INSERT INTO device_leases (device_id, tenant_id)
        SELECT * FROM unnest(${fresh.map((d) => d.id)}::text[], ${fresh.map((d) => d.tenantId)}::text[])
        ON CONFLICT (device_id) DO NOTHING`.execute(this.#db)
    await sql`DELETE FROM device_leases WHERE NOT (device_id = ANY(${[...ids]}::text[]))`.execute(
      this.#db,
    )
    this.#seeded = ids
  }

  /** One round: renew, then release down to or claim up to the fair share of `liveNodes`. */
  async balance(liveNodes: number): Promise<void> {
    const started = performance.now()
    const lease = this.#leaseMs
    const me = this.#nodeId
    const renewed = await sql<LeaseRow>`
      UPDATE device_leases SET lease_until = ${dbNowMs} + ${lease}
      WHERE node_id = ${me} RETURNING device_id, epoch`.execute(this.#db)
    const held = new Map(renewed.rows.map((r) => [r.device_id, num(r.epoch)]))
    const total = await sql<{ n: string }>`SELECT count(*) AS n FROM device_leases`.execute(
      this.#db,
    )
    const target = Math.ceil(num(total.rows[0]?.n) / Math.max(1, liveNodes))
    if (held.size > target) {
      const extra = [...held.keys()].sort().slice(target)
      await sql`
        UPDATE device_leases SET node_id = NULL, lease_until = 0
        WHERE node_id = ${me} AND device_id = ANY(${extra}::text[])`.execute(this.#db)
      for (const id of extra) held.delete(id)
    } else if (held.size < target) {
      const claimed = await sql<LeaseRow & { tenant_id: string }>`
        UPDATE device_leases AS l
        SET node_id = ${me}, lease_until = ${dbNowMs} + ${lease}, epoch = l.epoch + 1,
          acquired_at = ${dbNowMs}
        FROM (
          SELECT device_id FROM device_leases
          WHERE node_id IS NULL OR lease_until <= ${dbNowMs}
          ORDER BY lease_until, device_id
          LIMIT ${target - held.size}
          FOR UPDATE SKIP LOCKED
        ) AS free
        WHERE l.device_id = free.device_id
        RETURNING l.device_id, l.epoch, l.tenant_id`.execute(this.#db)
      for (const r of claimed.rows) held.set(r.device_id, num(r.epoch))
      const refs = claimed.rows.map((r) => ({ id: r.device_id, tenantId: r.tenant_id }))
      if (refs.length > 0) for (const listener of this.#acquired) listener(refs)
    }
    this.#replace(held, started + lease - this.#marginMs)
  }

  /** A clean exit: every lease is free at once for the other nodes. */
  async releaseAll(): Promise<void> {
    this.#replace(new Map(), 0)
    await sql`UPDATE device_leases SET node_id = NULL, lease_until = 0 WHERE node_id = ${this.#nodeId}`.execute(
      this.#db,
    )
  }

  #replace(held: Map<string, number>, deadline: number): void {
    const prev = this.#held
    const changed =
      prev.size !== held.size || [...held].some(([id, epoch]) => prev.get(id) !== epoch)
    this.#held = held
    this.#deadline = deadline
    if (changed) this.#version++
  }
}

/**
 * In the transaction that stores a device's result: true while the fence's node still holds the
 * lease with the same epoch and it has not run out (the row is locked FOR SHARE until commit, so
 * no other node can take it over in between).
 */
export async function holdsLease(db: ClusterDb, fence: Fence): Promise<boolean> {
  const r = await sql`
    SELECT 1 FROM device_leases
    WHERE device_id = ${fence.deviceId} AND node_id = ${fence.nodeId} AND epoch = ${fence.epoch}
      AND lease_until > ${dbNowMs}
    FOR SHARE`.execute(db)
  return r.rows.length === 1
}
