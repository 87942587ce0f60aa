import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { forTenant } from '../db/tenant-scope.ts'
import type { Unscoped } from '../db/unscoped.ts'
import { isDiskFull } from '../lib/disk-full.ts'
import type { TenantId } from '../lib/ids.ts'
import type { DeviceStatus } from './device-status.ts'
import type { Logger } from '../log.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import { connectApi, type ConnectFn } from '../device-access/index.ts'
import { DeviceRuntime, type LatestValues } from './device-runtime.ts'
import { EventBus } from './event-bus.ts'
import { LatenessStats } from './lateness.ts'
import { PollSchedule, type DueJob } from './poll-schedule.ts'
import { pollDevice, type PollDeviceDeps } from './poll-device.ts'
import { PollWriter } from './poll-writer.ts'
import { allDevices, type Assignment } from './assignment.ts'

export interface PollerOptions {
  maxConcurrent?: number
  tickMs?: number
  /** How often edited devices are picked up (rows with a newer updated_at). */
  syncMs?: number
  /** How often deleted or disabled devices are noticed (full list). */
  fullSyncMs?: number
  flushMs?: number
  retentionMs?: number
  connectTimeoutMs?: number
  commandTimeoutMs?: number
  connect?: ConnectFn
  /** which devices this process polls (several pollers, issue 20); every device when absent */
  assignment?: Assignment
}

export interface PollerDeps extends Pick<PollDeviceDeps, 'credentials'> {
  kysely: Kysely<Database>
  unscoped: Unscoped
  log: Logger
  clock: { now(): number }
  metrics?: MetricsBackend
  /** the bus of Deps' fleet feed (readers subscribe there); a bus of its own when absent (tests) */
  bus?: EventBus
}

/** How long stop() waits for polls stuck in a connect (which can't be aborted). */
const STOP_WAIT_MS = 2000

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

interface SyncRow {
  id: string
  tenant_id: string
  poll_interval_s: number
  updated_at: number
  is_enabled: number
  last_status: DeviceStatus
  /** 1 when the device's tenant is disabled: its devices are not contacted */
  tenant_disabled: number
}

/**
 * The one scheduler for every tenant. It keeps an in-memory schedule (PollSchedule: a heap, so a
 * tick costs O(log n) per due device), picks up added, edited, disabled and deleted devices from
 * the devices table without a restart, runs polls under a global concurrency limit, and flushes
 * metrics in batches. Each device job gets its own TenantScope (in pollDevice). A failing device
 * is caught at the loop boundary and never stops the others.
 */
export class Poller {
  readonly bus: EventBus
  readonly lateness = new LatenessStats()
  readonly #deps: PollerDeps
  readonly #schedule: PollSchedule
  readonly #runtimes = new Map<string, DeviceRuntime>()
  readonly #opts: Required<Omit<PollerOptions, 'connect' | 'assignment'>> & { connect: ConnectFn }
  readonly #assignment: Assignment
  #assignmentVersion = 0
  readonly #jobDeps: PollDeviceDeps
  readonly #timers: NodeJS.Timeout[] = []
  readonly #inFlight = new Set<Promise<void>>()
  #watermark = -1
  #lastFull = -Infinity
  #syncing: Promise<void> | undefined
  #flushing: Promise<void> | undefined
  #stopped = true
  /** poll results currently can't be stored because the appliance's disk is full */
  #diskFull = false

  constructor(deps: PollerDeps, opts: PollerOptions = {}) {
    this.#deps = deps
    this.#opts = {
      maxConcurrent: 200,
      tickMs: 250,
      syncMs: 2000,
      fullSyncMs: 30_000,
      flushMs: 1000,
      retentionMs: 3_600_000,
      connectTimeoutMs: 10_000,
      commandTimeoutMs: 30_000,
      connect: connectApi,
      ...opts,
    }
    this.#assignment = opts.assignment ?? allDevices
    this.#assignmentVersion = this.#assignment.version
    this.#schedule = new PollSchedule({ maxConcurrent: this.#opts.maxConcurrent })
    this.bus =
      deps.bus ??
      new EventBus((err, name) => deps.log.error({ err, event: name }, 'event subscriber failed'))
    this.#jobDeps = {
      log: deps.log,
      now: () => deps.clock.now(),
      metrics: deps.metrics,
      bus: this.bus,
      credentials: deps.credentials,
      owns: (deviceId) => this.#assignment.owns(deviceId),
      writer: new PollWriter(),
      connectTimeoutMs: this.#opts.connectTimeoutMs,
      commandTimeoutMs: this.#opts.commandTimeoutMs,
    }
  }

  get deviceCount(): number {
    return this.#runtimes.size
  }

  get running(): number {
    return this.#schedule.running
  }

  /** When a device is due next (undefined while its poll runs or when not scheduled). */
  dueAt(deviceId: string): number | undefined {
    return this.#schedule.dueAt(deviceId)
  }

  /** Latest headline values of one tenant's devices (for the dashboard's top lists). */
  latestOf(tenantId: string): { deviceId: string; latest: LatestValues }[] {
    const out: { deviceId: string; latest: LatestValues }[] = []
    for (const rt of this.#runtimes.values()) {
      if (rt.tenantId === tenantId && rt.latest !== undefined)
        out.push({ deviceId: rt.deviceId, latest: rt.latest })
    }
    return out
  }

  /** Failed polls in a row (backoff starts at five). */
  failures(deviceId: string): number {
    return this.#schedule.failures(deviceId)
  }

  /** Starts the timers. A poller is single-use: after stop(), build a new one. */
  start(): void {
    if (!this.#stopped) return
    if (this.#timers.length === 0 && this.#runtimes.size > 0)
      throw new Error('a stopped poller cannot restart')
    this.#stopped = false
    const every = (ms: number, fn: () => void) => this.#timers.push(setInterval(fn, ms))
    every(this.#opts.tickMs, () => this.#tick())
    every(this.#opts.syncMs, () => void this.sync())
    every(this.#opts.flushMs, () => void this.#flush())
    every(this.#opts.retentionMs, () => void this.#retain())
    void this.sync()
  }

  /** Re-reads devices now (a device was added or edited); resolves when the schedule is updated. */
  async sync(): Promise<void> {
    this.#syncing ??= this.#sync().finally(() => (this.#syncing = undefined))
    return this.#syncing
  }

  /** Stops timers, waits for running polls, closes every connection and flushes metrics. */
  async stop(): Promise<void> {
    this.#stopped = true
    for (const t of this.#timers.splice(0)) clearInterval(t)
    await this.#syncing
    // closing the connections first makes running polls fail fast instead of waiting on timeouts
    // retiring closes every connection, so running polls fail fast and their results are
    // discarded; a connect still in progress can't be aborted, so wait for those only briefly
    for (const rt of this.#runtimes.values()) rt.retired = true
    await Promise.all([...this.#runtimes.values()].map((rt) => rt.connection.retire()))
    await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(STOP_WAIT_MS)])
    await this.#flushing
    await this.#flush()
  }

  async #sync(): Promise<void> {
    try {
      const now = this.#deps.clock.now()
      // the share of devices changed (cluster): every row is read again to add and drop devices
      const version = this.#assignment.version
      const full =
        now - this.#lastFull >= this.#opts.fullSyncMs || version !== this.#assignmentVersion
      // a tenant's disabling doesn't touch its devices' updated_at: full syncs (30 s) pick it up
      let q = this.#deps.unscoped
        .selectFrom('devices')
        .innerJoin('tenants', 'tenants.id', 'devices.tenant_id')
        .select([
          'devices.id',
          'devices.tenant_id',
          'devices.poll_interval_s',
          'devices.updated_at',
          'devices.is_enabled',
          'devices.last_status',
          'tenants.is_disabled as tenant_disabled',
        ])
        // a device behind an edge appliance is polled there (issue 20), never from here
        .where('devices.edge_id', 'is', null)
      if (!full) q = q.where('devices.updated_at', '>=', this.#watermark)
      const rows = (await q.execute()) as SyncRow[]
      if (full) this.#removeMissing(new Set(rows.map((r) => r.id)))
      for (const r of rows) this.#apply(r, now)
      if (full) this.#lastFull = now
      if (full) this.#assignmentVersion = version
      this.#tick()
    } catch (err) {
      this.#deps.log.error({ err }, 'poller sync failed')
    }
  }

  #apply(r: SyncRow, now: number): void {
    this.#watermark = Math.max(this.#watermark, r.updated_at)
    const rt = this.#runtimes.get(r.id)
    if (r.is_enabled !== 1 || r.tenant_disabled === 1 || !this.#assignment.owns(r.id))
      return this.#remove(r.id)
    const intervalMs = Math.max(1, r.poll_interval_s) * 1000
    if (rt === undefined) {
      const fresh = new DeviceRuntime(
        r.tenant_id,
        r.id,
        r.updated_at,
        r.last_status,
        this.#opts.connect,
      )
      this.#runtimes.set(r.id, fresh)
      // never polled yet (just added): poll now; otherwise on its phase slot to spread a restart
      this.#schedule.upsert(r.id, intervalMs, now, {
        immediate: r.last_status === 'unknown' || this.#assignment.pollOnJoin,
      })
      return
    }
    this.#schedule.upsert(r.id, intervalMs, now)
    if (rt.settingsVersion !== r.updated_at) {
      rt.settingsVersion = r.updated_at
      this.#schedule.pollSoon(r.id, now)
    }
  }

  #removeMissing(present: Set<string>): void {
    for (const [id, rt] of this.#runtimes) if (!present.has(id)) this.#forget(rt)
  }

  /** A deleted device: unscheduled, its connection closed and its in-memory metrics dropped. */
  #forget(rt: DeviceRuntime): void {
    this.#remove(rt.deviceId)
    this.#deps.metrics
      ?.removeDevice(rt.tenantId, rt.deviceId)
      .catch((err: unknown) => this.#deps.log.error({ err }, 'metrics removal failed'))
  }

  #remove(id: string): void {
    const rt = this.#runtimes.get(id)
    if (rt === undefined) return
    rt.retired = true
    this.#runtimes.delete(id)
    this.#schedule.remove(id)
    void rt.connection.retire()
  }

  #tick(): void {
    if (this.#stopped) return
    const now = this.#deps.clock.now()
    for (const job of this.#schedule.takeDue(now)) this.#run(job, now)
  }

  #run(job: DueJob, startedAt: number): void {
    this.lateness.add(Math.max(0, startedAt - job.dueAt))
    const rt = this.#runtimes.get(job.key)
    const p = (async () => {
      let ok: boolean | 'not_counted' = false
      try {
        // one TenantScope per device job, from the device row's tenant (ARCHITECTURE.md)
        if (rt !== undefined)
          ok = await pollDevice(
            this.#jobDeps,
            rt,
            forTenant(this.#deps.kysely, rt.tenantId as TenantId),
          )
        // the poll found the device deleted: stop scheduling it now, not at the next full sync
        if (rt?.retired === true && !this.#stopped && this.#runtimes.get(job.key) === rt)
          this.#forget(rt)
        this.#noteStored()
      } catch (err) {
        // the appliance's own disk is full: no fault of the device, so no backoff for it
        if (isDiskFull(err)) ok = this.#noteDiskFull(err)
        else this.#deps.log.error({ err, deviceId: job.key }, 'poll job crashed')
      } finally {
        this.#schedule.complete(job.key, ok, this.#deps.clock.now())
      }
    })()
    this.#inFlight.add(p)
    void p.finally(() => {
      this.#inFlight.delete(p)
      this.#tick()
    })
  }

  #noteDiskFull(err: unknown): 'not_counted' {
    if (!this.#diskFull)
      this.#deps.log.error(
        { err, code: 'disk_full' },
        'poll results not stored: the appliance disk is full',
      )
    this.#diskFull = true
    return 'not_counted'
  }

  #noteStored(): void {
    if (this.#diskFull)
      this.#deps.log.info('poll results stored again: the appliance disk has room')
    this.#diskFull = false
  }

  /**
   * One flush at a time: on a network database a slow flush must not pile up behind the next
   * tick (the samples recorded meanwhile go with the next one).
   */
  async #flush(): Promise<void> {
    if (this.#flushing !== undefined || this.#deps.metrics === undefined) return
    const metrics = this.#deps.metrics
    this.#flushing = metrics
      .flush(this.#deps.clock.now())
      .then(
        () => undefined,
        (err: unknown) => this.#deps.log.error({ err }, 'metrics flush failed'),
      )
      .finally(() => (this.#flushing = undefined))
    await this.#flushing
  }

  async #retain(): Promise<void> {
    try {
      await this.#deps.metrics?.retain(this.#deps.clock.now())
    } catch (err) {
      this.#deps.log.error({ err }, 'metrics retention failed')
    }
  }
}

/**
 * The devices this appliance polls, across tenants: enabled devices of enabled tenants not behind
 * an edge appliance. The cluster (issue 20) splits exactly these between the pollers.
 */
export async function listPollableDevices(
  unscoped: Unscoped,
): Promise<{ id: string; tenantId: string }[]> {
  const rows = await unscoped
    .selectFrom('devices')
    .innerJoin('tenants', 'tenants.id', 'devices.tenant_id')
    .select(['devices.id', 'devices.tenant_id'])
    .where('devices.is_enabled', '=', 1)
    .where('tenants.is_disabled', '=', 0)
    .where('devices.edge_id', 'is', null)
    .execute()
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }))
}
