// Bounded concurrency for device sessions that are not the poller's persistent API connection
// (SSH for backups, commands, terminals): at most `perDevice` at once per device and `global` on
// the appliance, so no job can open a hundred sessions to one router. Waiters run in FIFO order;
// a waiter whose device is full does not hold up waiters for other devices.
import { SessionLimitError } from './access-errors.ts'

export interface LimiterOptions {
  /** sessions at once to one device (default 2; RouterOS allows few SSH logins at a time) */
  perDevice?: number
  /** sessions at once on the appliance (default 32) */
  global?: number
  /** waiters per device before new work is refused (default 200) */
  maxQueuePerDevice?: number
}

interface Waiter {
  key: string
  start: () => void
}

export class SessionLimiter {
  readonly perDevice: number
  readonly global: number
  readonly #maxQueue: number
  readonly #active = new Map<string, number>()
  readonly #queued = new Map<string, number>()
  #waiters: Waiter[] = []
  #total = 0

  constructor(opts: LimiterOptions = {}) {
    this.perDevice = opts.perDevice ?? 2
    this.global = opts.global ?? 32
    this.#maxQueue = opts.maxQueuePerDevice ?? 200
    if (this.perDevice < 1 || this.global < 1) throw new Error('session limits must be at least 1')
  }

  /** Sessions running now (for one device, or in total). */
  active(key?: string): number {
    return key === undefined ? this.#total : (this.#active.get(key) ?? 0)
  }

  /** Work waiting for a slot (for one device, or in total). */
  queued(key?: string): number {
    return key === undefined ? this.#waiters.length : (this.#queued.get(key) ?? 0)
  }

  /**
   * Runs `fn` once a slot for `key` (a tenant/device id) is free; the slot is released when it settles.
   * @example await limiter.run(`${tenantId}/${deviceId}`, () => sshExec(opts))
   */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.#acquire(key)
    try {
      return await fn()
    } finally {
      this.#release(key)
    }
  }

  #free(key: string): boolean {
    return this.#total < this.global && this.active(key) < this.perDevice
  }

  #take(key: string): void {
    this.#total++
    this.#active.set(key, this.active(key) + 1)
  }

  #acquire(key: string): Promise<void> {
    if (this.#free(key) && this.queued(key) === 0) {
      this.#take(key)
      return Promise.resolve()
    }
    if (this.queued(key) >= this.#maxQueue) {
      return Promise.reject(
        new SessionLimitError(`${this.#maxQueue} sessions are already waiting for this device`),
      )
    }
    this.#queued.set(key, this.queued(key) + 1)
    return new Promise((resolve) => this.#waiters.push({ key, start: resolve }))
  }

  #release(key: string): void {
    this.#total--
    const n = this.active(key) - 1
    if (n === 0) this.#active.delete(key)
    else this.#active.set(key, n)
    this.#wake()
  }

  /** Starts every waiter that now fits, oldest first. */
  #wake(): void {
    const still: Waiter[] = []
    for (const w of this.#waiters) {
      if (!this.#free(w.key)) {
        still.push(w)
        continue
      }
      const q = this.queued(w.key) - 1
      if (q === 0) this.#queued.delete(w.key)
      else this.#queued.set(w.key, q)
      this.#take(w.key)
      w.start()
    }
    this.#waiters = still
  }
}
