// Whether the database can write, as learnt from the writes themselves. When the appliance's disk
// fills up, SQLite answers SQLITE_FULL; every part of the app then needs the same answer: name
// the cause (log, error page), report not ready, warn super admins, and keep device polls that
// could not be stored from counting against the devices.
import { statfsSync } from 'node:fs'
import { isDiskFull } from '../lib/disk-full.ts'

/** Free space needed before a disk that was full counts as writable again (avoids flapping). */
const RECOVERY_FREE_BYTES = 1024 * 1024
/** Less than this is a full disk even before a write has failed (a few SQLite pages). */
const FULL_FREE_BYTES = 64 * 1024

export interface DiskFull {
  /** when the first write failed (epoch ms) */
  since: number
}

/**
 * The write state of one database file. `noteError` is called with every failed statement,
 * `noteWrite` after every successful write; readiness calls `check` to notice recovery even when
 * nothing else writes.
 * @example const health = new WriteHealth('/var/lib/outpost', Date.now, () => probeWrite())
 */
export class WriteHealth {
  readonly #dir: string | undefined
  readonly #now: () => number
  readonly #probe: () => boolean
  #full: DiskFull | undefined
  #listener: ((full: DiskFull | undefined, err?: unknown) => void) | undefined

  /**
   * `dir`: where the database lives (undefined for in-memory); `probe`: one tiny real write,
   * false when it can't run now.
   */
  constructor(dir: string | undefined, now: () => number, probe: () => boolean) {
    this.#dir = dir
    this.#now = now
    this.#probe = probe
  }

  /** Set while writes fail because the disk is full. */
  get diskFull(): DiskFull | undefined {
    return this.#full
  }

  /** Called on each change of state (to log it once, not once per failed write). */
  onChange(listener: (full: DiskFull | undefined, err?: unknown) => void): void {
    this.#listener = listener
  }

  /** Records a failed statement; returns whether it failed because the disk is full. */
  noteError(err: unknown): boolean {
    if (!isDiskFull(err)) return false
    if (this.#full === undefined) this.#set({ since: this.#now() }, err)
    return true
  }

  /** A write succeeded: the disk is writable again once there is room for more than this write. */
  noteWrite(): void {
    if (this.#full !== undefined && this.#hasRoom()) this.#set(undefined)
  }

  /**
   * For readiness: notices a full disk before any write fails, and while full tries one real
   * write once there is room again. Returns the state after the check.
   */
  check(): DiskFull | undefined {
    if (this.#full === undefined) {
      if (this.#freeBytes() < FULL_FREE_BYTES) this.#set({ since: this.#now() })
      return this.#full
    }
    if (!this.#hasRoom()) return this.#full
    try {
      if (this.#probe()) this.#set(undefined)
    } catch (err) {
      if (!isDiskFull(err)) throw err
    }
    return this.#full
  }

  #set(full: DiskFull | undefined, err?: unknown): void {
    this.#full = full
    this.#listener?.(full, err)
  }

  #hasRoom(): boolean {
    return this.#freeBytes() >= RECOVERY_FREE_BYTES
  }

  #freeBytes(): number {
    if (this.#dir === undefined) return Number.POSITIVE_INFINITY
    const s = statfsSync(this.#dir)
    return s.bavail * s.bsize
  }
}
