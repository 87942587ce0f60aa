/**
 * The backup scheduler of the process (started by startup.ts only): a node-cron tick every
 * minute finds the devices whose effective schedule is due this minute and queues each at its
 * fixed offset inside the schedule's window; a configuration change the poller saw queues a
 * capture of that device after a short quiet period (debounced, so a burst of edits is one
 * backup, and always within two minutes of the first edit). Queued captures run a bounded number
 * at once through device access (its session limits hold); one device is never queued twice.
 */
import cron, { type ScheduledTask } from 'node-cron'
import type { Kysely } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { Database } from '../db/schema.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { forTenant } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import type { Logger } from '../log.ts'
import type { EventBus } from '../poller/index.ts'
import { pruneBackups } from './backups.service.ts'
import { backUpDevice, type CaptureDeps, type CaptureResult } from './capture.service.ts'
import { listDevicePlaces, listScheduleRows } from './schedule.repo.ts'
import { effectiveSchedule, spreadOffsetMs } from './schedule.service.ts'

export interface SchedulerDeps extends CaptureDeps {
  readonly kysely: Kysely<Database>
  /** global tables (the tenant list) */
  readonly db: GlobalDb
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>
}

export interface SchedulerOptions {
  /** captures at once (device access's limits apply on top); default 8 */
  concurrency?: number
  /** quiet period after a seen change before capturing; default 30 s */
  changeQuietMs?: number
  /** a capture starts at the latest this long after the first change of a burst; default 90 s */
  changeMaxDelayMs?: number
  /** how long one export may take (default capture.service's 2 minutes) */
  exportTimeoutMs?: number
  /** the queue's time (default deps.clock); tests on a manual clock pass real time */
  now?: () => number
  /** tests: don't start the node-cron tick (they call `tick` themselves) */
  noCron?: boolean
  /** each finished capture (benchmarks and tests follow progress) */
  onResult?: (tenantId: string, deviceId: string, r: CaptureResult) => void
}

export const DEFAULT_SCHEDULED_CONCURRENCY = 8

interface Entry {
  tenantId: string
  deviceId: DeviceId
  dueAt: number
  firstAt: number
  changeRecorded: boolean
}

export class BackupScheduler {
  readonly #deps: SchedulerDeps
  readonly #bus: EventBus | undefined
  readonly #opts: Required<
    Omit<SchedulerOptions, 'onResult' | 'noCron' | 'now' | 'exportTimeoutMs'>
  > &
    Pick<SchedulerOptions, 'onResult' | 'exportTimeoutMs'>
  readonly #now: () => number
  readonly #queue = new Map<string, Entry>()
  readonly #running = new Set<string>()
  readonly #matchers = new Map<string, ScheduledTask>()
  #tick: ScheduledTask | undefined
  #timer: NodeJS.Timeout | undefined
  #offBus: (() => void) | undefined
  #stopped = false
  #inFlight = new Set<Promise<void>>()

  constructor(deps: SchedulerDeps, bus: EventBus | undefined, opts: SchedulerOptions = {}) {
    this.#deps = deps
    this.#bus = bus
    this.#now = opts.now ?? (() => deps.clock.now())
    this.#opts = {
      concurrency: opts.concurrency ?? DEFAULT_SCHEDULED_CONCURRENCY,
      changeQuietMs: opts.changeQuietMs ?? 30_000,
      changeMaxDelayMs: opts.changeMaxDelayMs ?? 90_000,
      onResult: opts.onResult,
      exportTimeoutMs: opts.exportTimeoutMs,
    }
    if (opts.noCron !== true) {
      this.#tick = cron.schedule('* * * * *', (c) => this.tick(c.date), {
        name: 'outpost-backups',
        noOverlap: true,
      })
    }
    this.#offBus = bus?.on('device.config_activity', (e) =>
      this.changeSeen(e.tenantId, e.deviceId as DeviceId),
    )
  }

  /** How many captures wait or run (the fleet page and benchmarks). */
  get pending(): number {
    return this.#queue.size + this.#running.size
  }

  /** One scheduled minute: queues every device whose schedule matches it. Returns how many. */
  async tick(at: Date): Promise<number> {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000)
    const tenants = await this.#deps.db
      .selectFrom('tenants')
      .select('id')
      .where('is_disabled', '=', 0)
      .execute()
    let n = 0
    // offsets count from when the tick runs (node-cron fires at the start of the minute)
    const base = this.#now()
    for (const t of tenants) {
      const scope = forTenant(this.#deps.kysely, t.id as TenantId)
      const [rows, devices] = await Promise.all([listScheduleRows(scope), listDevicePlaces(scope)])
      for (const d of devices) {
        // a device behind an edge appliance is backed up there and forwarded (issue 20)
        if (d.edge_id !== null) continue
        const s = effectiveSchedule(rows, d)
        if (!s.enabled || !this.#matches(s.cron, minute)) continue
        this.#enqueue(t.id, d.id, base + spreadOffsetMs(t.id, d.id, s.windowMinutes), false)
        n++
      }
    }
    if (n > 0)
      this.#deps.log.info(
        { devices: n, at: minute.toISOString() },
        'scheduled config backups queued',
      )
    this.#wake()
    return n
  }

  /** The poller saw a configuration change on a device: capture it soon (debounced). */
  changeSeen(tenantId: string, deviceId: DeviceId): void {
    const at = this.#now()
    if (this.#stopped) return
    const key = `${tenantId}/${deviceId}`
    const cur = this.#queue.get(key)
    const firstAt = cur?.changeRecorded === true ? cur.firstAt : at
    const due = Math.min(at + this.#opts.changeQuietMs, firstAt + this.#opts.changeMaxDelayMs)
    // a scheduled capture due sooner stays sooner; either way this capture knows of the change
    this.#queue.set(key, {
      tenantId,
      deviceId,
      firstAt,
      changeRecorded: true,
      dueAt: cur && cur.dueAt < due ? cur.dueAt : due,
    })
    this.#wake()
  }

  #matches(expr: string, minute: Date): boolean {
    let m = this.#matchers.get(expr)
    // a never-started task: node-cron's own matcher for the expression (timezone: the appliance's)
    if (!m) this.#matchers.set(expr, (m = cron.createTask(expr, () => {})))
    return m.match(minute)
  }

  #enqueue(tenantId: string, deviceId: DeviceId, dueAt: number, changeRecorded: boolean): void {
    const key = `${tenantId}/${deviceId}`
    const cur = this.#queue.get(key)
    if (cur && cur.dueAt <= dueAt) return
    this.#queue.set(key, {
      tenantId,
      deviceId,
      dueAt,
      firstAt: dueAt,
      changeRecorded: cur?.changeRecorded ?? changeRecorded,
    })
  }

  /** Starts what is due (within the concurrency), then sleeps until the next due entry. */
  #wake(): void {
    if (this.#stopped) return
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    const now = this.#now()
    let next = Infinity
    const due = [...this.#queue.values()].sort((a, b) => a.dueAt - b.dueAt)
    for (const e of due) {
      const key = `${e.tenantId}/${e.deviceId}`
      if (e.dueAt > now) {
        next = Math.min(next, e.dueAt)
        continue
      }
      // a device already being captured waits for that capture to finish, then goes again
      if (this.#running.size >= this.#opts.concurrency || this.#running.has(key)) continue
      this.#queue.delete(key)
      this.#start(key, e)
    }
    if (next !== Infinity) {
      this.#timer = setTimeout(() => this.#wake(), Math.max(0, Math.min(next - now, 2_147_000_000)))
      this.#timer.unref()
    }
  }

  #start(key: string, e: Entry): void {
    this.#running.add(key)
    const ctx = {
      deps: this.#deps,
      scope: forTenant(this.#deps.kysely, e.tenantId as TenantId),
      bus: this.#bus,
      ...(this.#opts.exportTimeoutMs !== undefined
        ? { exportTimeoutMs: this.#opts.exportTimeoutMs }
        : {}),
    }
    const p = backUpDevice(ctx, e.deviceId, { changeRecorded: e.changeRecorded })
      .then(async (r) => {
        // a new version may push old ones out of the tenant's retention tiers
        if (r.ok && r.changed) await pruneBackups(ctx, e.deviceId)
        this.#opts.onResult?.(e.tenantId, e.deviceId, r)
      })
      .catch((err: unknown) =>
        this.#deps.log.error(
          { err, tenantId: e.tenantId, deviceId: e.deviceId },
          'scheduled config backup failed unexpectedly',
        ),
      )
      .finally(() => {
        this.#running.delete(key)
        this.#inFlight.delete(p)
        this.#wake()
      })
    this.#inFlight.add(p)
  }

  /** Stops the tick and the queue; captures in progress finish first (the database closes next). */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#offBus?.()
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    await this.#tick?.destroy()
    for (const m of this.#matchers.values()) await m.destroy()
    this.#queue.clear()
    await Promise.all([...this.#inFlight])
  }
}
