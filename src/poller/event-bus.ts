import type { DeviceEventKind } from './change-events.ts'
import type { DeviceStatus } from './device-status.ts'
import type { MetricPoint } from '../metrics/index.ts'

interface DeviceRef {
  tenantId: string
  deviceId: string
}

/** Every event the poller publishes, by name. A name not listed here doesn't compile. */
export interface PollerEventMap {
  /** A poll finished (fresh data is in the database). */
  'device.polled': DeviceRef & {
    status: DeviceStatus
    at: number
    durationMs: number
    points?: readonly MetricPoint[]
  }
  /** The device's status changed. */
  'device.status_changed': DeviceRef & { from: DeviceStatus; to: DeviceStatus; at: number }
  /** A row was written to device_events. */
  'device.event': DeviceRef & { kind: DeviceEventKind; message: string; at: number }
  /** The device reported configuration edits (its log's `… changed by …` lines); backups capture it soon. */
  'device.config_activity': DeviceRef & { at: number; message: string }
  /** The device's configuration changed (published by the backups domain). */
  'config.changed': DeviceRef & { at: number; message: string }
  /** A configuration backup failed (published by the backups domain). */
  'backup.failed': DeviceRef & { at: number; message: string }
  /** An alert opened, was acknowledged or resolved (published by the alerts domain). */
  'alert.changed': DeviceRef & {
    alertId: string
    state: 'open' | 'acknowledged' | 'resolved'
    at: number
    /** engine = opened/resolved by evaluation; user = acknowledged or resolved by hand */
    source: 'engine' | 'user'
    ruleId?: string
    label?: string | null
  }
  /** A tenant's alert rules changed (the alert engine reloads them). */
  'alerts.rules_changed': { tenantId: string }
  /** A config backup stored a new version (backups domain); `summary` says what changed. */
  'backup.changed': DeviceRef & { backupId: string; summary: string; at: number }
  /**
   * A job's state or one of its targets changed, or a discovery scan progressed, in another
   * process (issue 20: the live bridge carries them; the Jobs and Discovery pages refresh).
   */
  'job.changed': { tenantId: string; jobId: string }
  'scan.changed': { tenantId: string; scanId: string }
  /** A change to a device moved on (its state, countdown or outcome), in another process. */
  'change.updated': { tenantId: string; deviceId: string; changeId: string }
}

export type PollerEventName = keyof PollerEventMap
type Handler<K extends PollerEventName> = (payload: PollerEventMap[K]) => void

/**
 * A small typed in-process bus. Subscribers (SSE, alerts) get events synchronously; one that
 * throws is reported through `onError` and never stops the poller or other subscribers.
 */
export class EventBus {
  #handlers = new Map<PollerEventName, Set<Handler<never>>>()
  readonly #onError: (err: unknown, name: PollerEventName) => void

  constructor(onError: (err: unknown, name: PollerEventName) => void = () => {}) {
    this.#onError = onError
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends PollerEventName>(name: K, handler: Handler<K>): () => void {
    let set = this.#handlers.get(name)
    if (set === undefined) {
      set = new Set()
      this.#handlers.set(name, set)
    }
    set.add(handler as Handler<never>)
    return () => set.delete(handler as Handler<never>)
  }

  emit<K extends PollerEventName>(name: K, payload: PollerEventMap[K]): void {
    const set = this.#handlers.get(name)
    if (set === undefined) return
    for (const h of set) {
      try {
        ;(h as Handler<K>)(payload)
      } catch (err) {
        this.#onError(err, name)
      }
    }
  }

  listenerCount(name: PollerEventName): number {
    return this.#handlers.get(name)?.size ?? 0
  }
}
