// The alert engine: subscribes to the poller's event bus, runs the pure evaluator on every poll
// result and device event, and stores what changed (alert rows + outbox messages, one transaction
// per transition). Each tenant's rules, device places and open alerts are loaded once and kept in
// memory, so a routine poll costs no query; writes run one after another on a promise chain that
// never blocks the poller. Started and stopped by startup.ts only.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { forTenant, type TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'
import type { Logger } from '../log.ts'
import type { EventBus, PollerEventMap } from '../poller/index.ts'
import type { MetricPoint } from '../metrics/index.ts'
import { activeAlertsOfDevices, devicePlaces, listAlerts, listRules } from './alerts.repo.ts'
import { applyTransition } from './alert-transition.ts'
import { ensureDefaultRules } from './default-rules.ts'
import {
  AlertEvaluator,
  effectiveRules,
  type DevicePlace,
  type SyslogLine,
  type Transition,
} from './evaluate.ts'
import type { Rule } from './rules.ts'

export interface AlertEngineDeps {
  kysely: Kysely<Database>
  log: Logger
  clock: { now(): number }
  bus: EventBus
  /**
   * several pollers (issue 20): events of the other processes. Only rule changes and alerts
   * resolved by hand are taken from it; their polls and events are evaluated where they happen.
   */
  remote?: EventBus
  /** base of the links in messages, e.g. https://outpost.example.net ('' = relative) */
  publicUrl: string
  /** true when the device is inside a maintenance window at `at` (recorded, not notified) */
  isSilenced?: (
    scope: TenantScope,
    deviceId: string,
    place: DevicePlace,
    at: number,
  ) => Promise<boolean>
}

interface TenantState {
  ready: boolean
  rules: Rule[]
  places: Map<string, DevicePlace>
  effective: Map<string, Rule[]>
  backlog: (() => void)[]
  placesLoadedAt: number
}

const NO_PLACE: DevicePlace = { siteId: null, tagIds: [] }
const BACKLOG_MAX = 50_000
const PLACES_REFRESH_MS = 60_000

export class AlertEngine {
  readonly #deps: AlertEngineDeps
  readonly #eval = new AlertEvaluator()
  readonly #tenants = new Map<string, TenantState>()
  #offs: (() => void)[] = []
  #chain: Promise<void> = Promise.resolve()
  /** devices handed over from another process whose open alerts are being read (devicesAcquired) */
  readonly #handover = new Set<string>()

  constructor(deps: AlertEngineDeps) {
    this.#deps = deps
  }

  start(): void {
    const bus = this.#deps.bus
    this.#offs = [
      bus.on('device.polled', (e) =>
        this.#forDevice(e.tenantId, e.deviceId, () =>
          this.#polled(e.tenantId, e.deviceId, e.status, e.points ?? [], e.at),
        ),
      ),
      bus.on('device.event', (e) =>
        this.#forDevice(e.tenantId, e.deviceId, () =>
          this.#event(e.tenantId, e.deviceId, e.kind, e.at),
        ),
      ),
      bus.on('config.changed', (e) =>
        this.#forDevice(e.tenantId, e.deviceId, () =>
          this.#event(e.tenantId, e.deviceId, 'config.changed', e.at),
        ),
      ),
      bus.on('backup.failed', (e) =>
        this.#forDevice(e.tenantId, e.deviceId, () =>
          this.#event(e.tenantId, e.deviceId, 'backup.failed', e.at),
        ),
      ),
      bus.on('alert.changed', (e) => this.#alertChanged(e)),
      bus.on('alerts.rules_changed', (e) => this.invalidate(e.tenantId)),
    ]
    const remote = this.#deps.remote
    if (remote !== undefined)
      this.#offs.push(
        remote.on('alert.changed', (e) => this.#alertChanged(e)),
        remote.on('alerts.rules_changed', (e) => this.invalidate(e.tenantId)),
      )
  }

  /** Unsubscribes and waits for the writes already queued. */
  async stop(): Promise<void> {
    for (const off of this.#offs) off()
    this.#offs = []
    await this.idle()
  }

  /** Resolves when every queued write is done (tests, shutdown). */
  async idle(): Promise<void> {
    let last: Promise<void> | undefined
    while (last !== this.#chain) {
      last = this.#chain
      await last
    }
  }

  /** Rules or devices of a tenant changed: reload them on the next event. */
  invalidate(tenantId: string): void {
    const t = this.#tenants.get(tenantId)
    if (t?.ready === true) this.#tenants.delete(tenantId)
  }

  /**
   * Several pollers (issue 20): this process now polls these devices, taken over from another
   * one, which may have opened or resolved their alerts since this engine read them. Their
   * in-memory tracks are replaced by what the database holds before any of their results is
   * evaluated (those wait behind the read), so an alert opened elsewhere is resolved here and not
   * opened twice. Called by the device leases when they claim devices.
   */
  devicesAcquired(devices: readonly { id: string; tenantId: string }[]): void {
    const byTenant = new Map<string, string[]>()
    for (const d of devices) {
      this.#handover.add(d.id)
      byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.id])
    }
    for (const [tenantId, ids] of byTenant)
      this.#queue(async () => {
        try {
          // a tenant not loaded yet reads every open alert when it loads
          if (this.#tenants.get(tenantId)?.ready !== true) return
          const scope = forTenant(this.#deps.kysely, tenantId as TenantId)
          const open = await activeAlertsOfDevices(scope, ids)
          for (const id of ids) this.#eval.forgetDevice(id)
          for (const a of open) this.#eval.seedOpen(a.device_id, a.rule_id, a.label, a.opened_at)
        } finally {
          for (const id of ids) this.#handover.delete(id)
        }
      })
  }

  #forDevice(tenantId: string, deviceId: string, fn: () => void): void {
    if (!this.#handover.has(deviceId)) return this.#withTenant(tenantId, fn)
    // behind the hand-over read on the chain, in arrival order
    this.#queue(async () => this.#withTenant(tenantId, fn))
  }

  #queue(work: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(work)
      .catch((err: unknown) => this.#deps.log.error({ err }, 'alert evaluation failed'))
  }

  #withTenant(tenantId: string, fn: () => void): void {
    const t = this.#tenants.get(tenantId)
    if (t?.ready === true) return fn()
    if (t !== undefined) {
      if (t.backlog.length < BACKLOG_MAX) t.backlog.push(fn)
      return
    }
    const fresh: TenantState = {
      ready: false,
      rules: [],
      places: new Map(),
      effective: new Map(),
      backlog: [fn],
      placesLoadedAt: 0,
    }
    this.#tenants.set(tenantId, fresh)
    this.#queue(async () => {
      try {
        await this.#load(tenantId, fresh)
      } catch (err) {
        // not cached as "no rules": the next event of this tenant tries again
        this.#tenants.delete(tenantId)
        throw err
      } finally {
        fresh.ready = true
        const backlog = fresh.backlog
        fresh.backlog = []
        for (const f of backlog) f()
      }
    })
  }

  async #load(tenantId: string, t: TenantState): Promise<void> {
    const scope = forTenant(this.#deps.kysely, tenantId as TenantId)
    await ensureDefaultRules(scope, this.#deps.clock.now())
    t.rules = await listRules(scope)
    t.places = await devicePlaces(scope)
    t.placesLoadedAt = this.#deps.clock.now()
    // after a restart, alerts still open in the database continue where they were
    for (const a of await listAlerts(scope, { state: 'active', limit: 1_000_000 })) {
      this.#eval.seedOpen(a.device_id, a.rule_id, a.label, a.opened_at)
    }
  }

  #rulesFor(t: TenantState, tenantId: string, deviceId: string): Rule[] {
    let rules = t.effective.get(deviceId)
    if (rules !== undefined) return rules
    const place = t.places.get(deviceId)
    if (place === undefined && this.#deps.clock.now() - t.placesLoadedAt > PLACES_REFRESH_MS) {
      // a device added since the tenant was loaded: its site and tags are read soon
      t.placesLoadedAt = this.#deps.clock.now()
      this.#queue(async () => {
        t.places = await devicePlaces(forTenant(this.#deps.kysely, tenantId as TenantId))
        t.effective.clear()
      })
    }
    rules = effectiveRules(t.rules, deviceId, place ?? NO_PLACE)
    t.effective.set(deviceId, rules)
    return rules
  }

  #polled(
    tenantId: string,
    deviceId: string,
    status: string,
    points: readonly MetricPoint[],
    at: number,
  ): void {
    const t = this.#tenants.get(tenantId)
    if (t === undefined) return
    const out = this.#eval.polled(
      this.#rulesFor(t, tenantId, deviceId),
      deviceId,
      status,
      points,
      at,
    )
    if (out.length > 0) this.#store(tenantId, t, out)
  }

  #event(tenantId: string, deviceId: string, name: string, at: number): void {
    const t = this.#tenants.get(tenantId)
    if (t === undefined) return
    const out = this.#eval.event(this.#rulesFor(t, tenantId, deviceId), deviceId, name, at)
    if (out.length > 0) this.#store(tenantId, t, out)
  }

  /**
   * Lines the syslog receiver just stored for a device (its onStored hook, wired in startup.ts):
   * syslog_pattern rules match on the batch, never on the poll path.
   */
  syslogStored(tenantId: string, deviceId: string, lines: readonly SyslogLine[]): void {
    this.#withTenant(tenantId, () => {
      const t = this.#tenants.get(tenantId)
      if (t === undefined) return
      const out = this.#eval.syslog(this.#rulesFor(t, tenantId, deviceId), deviceId, lines)
      if (out.length > 0) this.#store(tenantId, t, out)
    })
  }

  #alertChanged(e: PollerEventMap['alert.changed']): void {
    // resolved by hand (or its rule deleted): the condition must build up again before reopening
    if (e.source === 'user' && e.state === 'resolved' && e.ruleId !== undefined)
      this.#eval.forget(e.deviceId, e.ruleId, e.label ?? null)
  }

  #store(tenantId: string, t: TenantState, transitions: Transition[]): void {
    this.#queue(async () => {
      const scope = forTenant(this.#deps.kysely, tenantId as TenantId)
      for (const tr of transitions)
        await applyTransition(this.#deps, scope, t.places.get(tr.deviceId) ?? NO_PLACE, tr)
    })
  }
}
