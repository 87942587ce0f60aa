// The delivery worker: every second (and whenever an alert changes) it reads what is due from the
// outbox of every tenant and sends it. Fairness and fault isolation: due rows are read per tenant
// (one tenant's backlog never hides another's), each channel has at most one send in flight (a
// hanging receiver blocks only itself, for at most the send timeout), each tenant at most
// PER_TENANT, the process at most CONCURRENCY. Sends are not awaited by the scan, so a slow
// channel never delays the next scan; all I/O is async, so the poller is never stalled.
// Started and stopped by startup.ts only.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { Unscoped } from '../db/unscoped.ts'
import type { TenantId } from '../lib/ids.ts'
import { workClaimsFor } from '../lib/work-claim.ts'
import type { Logger } from '../log.ts'
import type { OutboxRow } from './channels.repo.ts'
import { deliverRow } from './delivery.ts'
import { applyFloodControl } from './flood.ts'

export interface DispatcherDeps {
  readonly kysely: Kysely<Database>
  readonly unscoped: Unscoped
  readonly log: Logger
  readonly clock: { now(): number }
  readonly secrets: { readonly masterKey: Buffer }
  readonly config: { readonly notify: { readonly floodLimit: number; readonly timeoutMs: number } }
}

export interface DispatcherOptions {
  tickMs?: number
  concurrency?: number
  perTenant?: number
}

const TENANTS_PER_SCAN = 1000
const ROWS_PER_TENANT = 50
const STOP_GRACE_MS = 2000

export class NotificationDispatcher {
  readonly #deps: DispatcherDeps
  readonly #tickMs: number
  readonly #concurrency: number
  readonly #perTenant: number
  readonly #inflight = new Map<string, Promise<void>>()
  readonly #busyChannels = new Set<string>()
  readonly #tenantLoad = new Map<string, number>()
  #timer: NodeJS.Timeout | undefined
  #scanning: Promise<void> | undefined
  readonly #tenantScans = new Map<string, Promise<void>>()
  #starved = false
  #again = false
  #stopped = false

  constructor(deps: DispatcherDeps, options: DispatcherOptions = {}) {
    this.#deps = deps
    this.#tickMs = options.tickMs ?? 1000
    this.#concurrency = options.concurrency ?? 16
    this.#perTenant = options.perTenant ?? 4
  }

  start(): void {
    this.#stopped = false
    this.#timer = setInterval(() => this.kick(), this.#tickMs)
    this.kick()
  }

  /** Something was queued: scan now (coalesced with a scan already running). */
  kick(): void {
    if (this.#stopped) return
    void this.scan()
  }

  /** One scan; resolves when it has started what is due (not when those sends end). */
  scan(): Promise<void> {
    if (this.#scanning !== undefined) {
      this.#again = true
      return this.#scanning
    }
    this.#scanning = (async () => {
      do {
        this.#again = false
        try {
          await this.#scanOnce()
        } catch (err) {
          this.#deps.log.error({ err }, 'notification scan failed')
        }
      } while (this.#again && !this.#stopped)
    })().finally(() => {
      this.#scanning = undefined
    })
    return this.#scanning
  }

  /**
   * Scans until nothing due is left to start, waiting for the sends (tests, benchmarks). A send
   * that ends starts a scan of its tenant; that scan is waited for too, or a fast send ending
   * during our own scan would leave the rest of its channel for the next tick.
   */
  async drain(): Promise<void> {
    for (;;) {
      await this.scan()
      await Promise.all(this.#tenantScans.values())
      if (this.#inflight.size === 0 && this.#tenantScans.size === 0) return
      await Promise.all([...this.#inflight.values(), ...this.#tenantScans.values()])
    }
  }

  get inflight(): number {
    return this.#inflight.size
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#timer)
    await this.#scanning
    await Promise.all(this.#tenantScans.values())
    // sends in flight get a short grace period, not the whole send timeout (a hanging receiver
    // must not hold up shutdown); a row cut off here stays pending and is sent after the restart
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS)
    })
    await Promise.race([Promise.all(this.#inflight.values()), grace])
    clearTimeout(timer)
  }

  async #scanOnce(): Promise<void> {
    const now = this.#deps.clock.now()
    const tenants = await this.#deps.unscoped
      .selectFrom('alert_outbox')
      .select('tenant_id')
      .distinct()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .limit(TENANTS_PER_SCAN)
      .execute()
    this.#starved = false
    for (const { tenant_id: tenantId } of tenants) {
      if (this.#stopped) return
      if (this.#inflight.size >= this.#concurrency) {
        this.#starved = true
        return
      }
      if ((this.#tenantLoad.get(tenantId) ?? 0) >= this.#perTenant) continue
      await this.#scanTenant(tenantId)
    }
  }

  /** One tenant's due rows; scans of the same tenant run one after another (digests are made once). */
  #scanTenant(tenantId: string): Promise<void> {
    const next = (this.#tenantScans.get(tenantId) ?? Promise.resolve())
      .then(() => this.#startDue(forTenant(this.#deps.kysely, tenantId as TenantId)))
      .catch((err: unknown) =>
        this.#deps.log.error({ err, tenantId }, 'notification scan of a tenant failed'),
      )
    this.#tenantScans.set(tenantId, next)
    void next.finally(() => {
      if (this.#tenantScans.get(tenantId) === next) this.#tenantScans.delete(tenantId)
    })
    return next
  }

  async #startDue(scope: TenantScope): Promise<void> {
    const busy = [...this.#busyChannels]
    let q = scope
      .selectFrom('alert_outbox')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', this.#deps.clock.now())
    // a channel with a send in flight is skipped in the query, so a hanging one costs nothing per scan
    if (busy.length > 0) q = q.where('channel_id', 'not in', busy)
    const due = await q.orderBy('next_attempt_at').orderBy('id').limit(ROWS_PER_TENANT).execute()
    const idle = due.filter(
      (r) => !this.#inflight.has(r.id) && !this.#busyChannels.has(r.channel_id),
    )
    if (idle.length === 0) return
    const rows = await applyFloodControl(
      scope,
      idle,
      this.#deps.clock.now(),
      this.#deps.config.notify.floodLimit,
    )
    for (const row of rows) {
      if (this.#inflight.size >= this.#concurrency) {
        this.#starved = true
        return
      }
      if ((this.#tenantLoad.get(scope.tenantId) ?? 0) >= this.#perTenant) return
      if (this.#busyChannels.has(row.channel_id)) continue
      this.#start(scope, row)
    }
  }

  #start(scope: TenantScope, row: OutboxRow): void {
    const tenantId = scope.tenantId
    this.#busyChannels.add(row.channel_id)
    this.#tenantLoad.set(tenantId, (this.#tenantLoad.get(tenantId) ?? 0) + 1)
    const deps = { ...this.#deps, timeoutMs: this.#deps.config.notify.timeoutMs }
    // several processes (issue 20): each attempt at a message is sent by one of them only
    const claims = workClaimsFor(this.#deps.kysely)
    const claimKey = `${row.id}:${row.attempts}`
    const p = claims
      .claimOnce('notification.delivery', claimKey, deps.timeoutMs * 2)
      .then(async (mine) => {
        if (!mine) return
        await deliverRow(deps, scope, row)
        await claims.done('notification.delivery', claimKey)
      })
      .catch((err: unknown) =>
        this.#deps.log.error({ err, tenantId, outboxId: row.id }, 'notification delivery failed'),
      )
      .finally(() => {
        this.#inflight.delete(row.id)
        this.#busyChannels.delete(row.channel_id)
        this.#tenantLoad.set(tenantId, (this.#tenantLoad.get(tenantId) ?? 1) - 1)
        // the channel may have more waiting: go on with this tenant now, and with everybody when
        // the process limit held others back; the rest waits for the next tick
        if (this.#stopped) return
        void this.#scanTenant(tenantId)
        if (this.#starved) this.kick()
      })
    this.#inflight.set(row.id, p)
  }
}
