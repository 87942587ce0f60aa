import { backoff } from './backoff.ts'
import { DueHeap } from './due-heap.ts'
import { nextSlot } from './phase.ts'

interface Entry {
  intervalMs: number
  failures: number
  running: boolean
  removed: boolean
}

export interface DueJob {
  key: string
  dueAt: number
}

/**
 * The scheduler's pure core: which devices are due, a global concurrency limit, per-device phase
 * jitter and failure backoff. No timers, no I/O: the runner calls `takeDue(now)` on each tick and
 * `complete()` when a poll ends, so all of it is testable with a fake clock.
 */
export class PollSchedule {
  readonly maxConcurrent: number
  #heap = new DueHeap()
  #entries = new Map<string, Entry>()
  #running = 0

  constructor(opts: { maxConcurrent: number }) {
    this.maxConcurrent = Math.max(1, opts.maxConcurrent)
  }

  get running(): number {
    return this.#running
  }

  get size(): number {
    return this.#entries.size
  }

  has(key: string): boolean {
    return this.#entries.has(key)
  }

  failures(key: string): number {
    return this.#entries.get(key)?.failures ?? 0
  }

  dueAt(key: string): number | undefined {
    return this.#heap.dueAt(key)
  }

  /**
   * Adds a device or changes its interval. A new device is due at `now` when `immediate` (just
   * added by a user), otherwise on its phase slot. A changed interval re-slots a waiting device.
   */
  upsert(key: string, intervalMs: number, now: number, opts: { immediate?: boolean } = {}): void {
    const existing = this.#entries.get(key)
    if (existing !== undefined) {
      if (existing.intervalMs === intervalMs) return
      existing.intervalMs = intervalMs
      if (!existing.running) this.#heap.set(key, nextSlot(key, intervalMs, now))
      return
    }
    this.#entries.set(key, { intervalMs, failures: 0, running: false, removed: false })
    this.#heap.set(key, opts.immediate === true ? now : nextSlot(key, intervalMs, now))
  }

  /** Makes a waiting device due right now (credentials or address changed). */
  pollSoon(key: string, now: number): void {
    const e = this.#entries.get(key)
    if (e !== undefined && !e.running) this.#heap.set(key, now)
  }

  remove(key: string): void {
    const e = this.#entries.get(key)
    if (e === undefined) return
    this.#heap.delete(key)
    if (e.running) e.removed = true
    else this.#entries.delete(key)
  }

  /** Pops due devices while concurrency slots are free, earliest first. */
  takeDue(now: number): DueJob[] {
    const out: DueJob[] = []
    while (this.#running < this.maxConcurrent) {
      const job = this.#heap.popDue(now)
      if (job === undefined) break
      const e = this.#entries.get(job.key) as Entry
      e.running = true
      this.#running++
      out.push(job)
    }
    return out
  }

  /**
   * Records the end of a poll and returns when the device is due next (undefined if removed).
   * `'not_counted'`: the poll says nothing about the device (the appliance could not store its
   * result), so its failure count stays as it was.
   */
  complete(key: string, ok: boolean | 'not_counted', now: number): number | undefined {
    const e = this.#entries.get(key)
    if (e === undefined || !e.running) return undefined
    e.running = false
    this.#running--
    if (e.removed) {
      this.#entries.delete(key)
      return undefined
    }
    if (ok !== 'not_counted') e.failures = ok ? 0 : e.failures + 1
    // A backed-off device leaves its phase slot; the next success puts it back on it.
    const extra = backoff(e.failures)
    const next = extra > 0 ? now + e.intervalMs + extra : nextSlot(key, e.intervalMs, now)
    this.#heap.set(key, next)
    return next
  }

  /** When the earliest waiting device is due (for sleeping until then). */
  nextDueAt(): number | undefined {
    return this.#heap.peek()?.dueAt
  }
}
