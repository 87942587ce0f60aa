// One process's part in a cluster of pollers sharing one PostgreSQL (issue 20): every round it
// heartbeats, keeps the lease table in step with the device list, and balances its share of
// device leases. The poller reads `leases` (an Assignment); job, alert and notification runners
// claim work through `claims` (installed for the database by startup). Started by startup.ts only.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { ClusterDb } from './db-time.ts'
import { systemClock, type Clock } from '../lib/time.ts'
import type { Logger } from '../log.ts'
import { DeviceLeases, type DeviceRef } from './leases.ts'
import { Membership } from './membership.ts'
import { PgWorkClaims } from './work-claims.ts'

export interface ClusterNodeOptions {
  readonly db: ClusterDb
  /** enabled devices of enabled tenants (the poller's cross-tenant device read) */
  readonly listDevices: () => Promise<readonly DeviceRef[]>
  readonly version: string
  readonly log: Logger
  /** the process clock: only recorded (clock_offset_ms), never used to decide */
  readonly clock?: Clock
  /** how often a node heartbeats and balances (default 5 s) */
  readonly roundMs?: number
  /** how long a lease lasts unrenewed, also the node timeout (default 3 rounds) */
  readonly leaseMs?: number
  /** how long unfinished work stays claimed (default 10 min) */
  readonly claimHoldMs?: number
  readonly nodeId?: string
  /** called once stop() has left the cluster (startup closes the node's own pool) */
  readonly onStopped?: () => Promise<void>
}

const CLAIMS_KEEP_MS = 7 * 86_400_000
const PRUNE_EVERY_ROUNDS = 720
const SKEW_WARN_MS = 2000

export class ClusterNode {
  readonly id: string
  readonly leases: DeviceLeases
  readonly claims: PgWorkClaims
  readonly roundMs: number
  readonly #opts: ClusterNodeOptions
  readonly #membership: Membership
  #rounds = 0
  #running: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #skewWarned = false
  #live: readonly string[] = []

  constructor(opts: ClusterNodeOptions) {
    this.#opts = opts
    this.roundMs = opts.roundMs ?? 5000
    const leaseMs = opts.leaseMs ?? this.roundMs * 3
    this.id = opts.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`
    this.#membership = new Membership(
      opts.db,
      { id: this.id, host: hostname(), pid: process.pid, version: opts.version },
      leaseMs,
      opts.clock ?? systemClock,
    )
    this.leases = new DeviceLeases(opts.db, this.id, leaseMs)
    this.claims = new PgWorkClaims(opts.db, this.id, opts.claimHoldMs ?? 600_000, leaseMs)
  }

  /** Live nodes at the last round (ids). */
  get live(): readonly string[] {
    return this.#live
  }

  /**
   * One round (rounds never overlap). The first only announces the node, so processes started
   * together see each other before claiming and don't trade devices right after the start.
   */
  round(): Promise<void> {
    this.#running ??= this.#round().finally(() => (this.#running = undefined))
    return this.#running
  }

  start(): void {
    if (this.#timer !== undefined) return
    this.#timer = setInterval(() => {
      this.round().catch((err: unknown) =>
        this.#opts.log.error({ err, node: this.id }, 'cluster round failed'),
      )
    }, this.roundMs)
    this.round().catch((err: unknown) =>
      this.#opts.log.error({ err, node: this.id }, 'cluster round failed'),
    )
  }

  /** Leaves cleanly: releases every lease so the others take the devices over at once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#running?.catch(() => undefined)
    try {
      await this.leases.releaseAll()
      await this.#membership.leave()
    } finally {
      await this.#opts.onStopped?.()
    }
  }

  async #round(): Promise<void> {
    const beat = await this.#membership.heartbeat()
    this.#live = beat.live
    if (Math.abs(beat.offsetMs) > SKEW_WARN_MS && !this.#skewWarned) {
      this.#skewWarned = true
      this.#opts.log.warn(
        { node: this.id, offsetMs: beat.offsetMs },
        'this process clock differs from the database clock; leases use the database clock',
      )
    }
    // leases are renewed before the device list is read: a slow list (a busy pool) may delay
    // new devices by a round, never let this node's leases run out
    if (this.#rounds++ > 0) await this.leases.balance(beat.live.length)
    await this.leases.seed(await this.#opts.listDevices())
    if (this.#rounds % PRUNE_EVERY_ROUNDS === 0) await this.claims.prune(CLAIMS_KEEP_MS)
  }
}
