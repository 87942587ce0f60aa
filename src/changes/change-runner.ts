// The in-process side of changes: one change at a time per device (the lock says who and since
// when), the running changes with their "keep" signals and final-state promises, and listeners
// for the device page's live countdown. One runner per Deps object, created on first use, so
// importing this module starts nothing.
import type { ChangeOperation, ChangeRecord } from './changes.types.ts'
import type { KeepSignal } from './run-context.ts'
import { DEFAULT_TIMINGS, type ChangeTimings } from './timings.ts'

export interface DeviceLock {
  changeId: string
  actorName: string
  since: number
}

interface Running {
  done: Promise<ChangeRecord>
  keep: () => boolean
}

/**
 * Several processes (issue 20), installed by startup: a change runs in the process that started
 * it, while its page and its Keep may come to any of them.
 */
export interface ChangeCluster {
  /** asks the other processes to keep the change (the one running it does) */
  requestKeep(tenantId: string, deviceId: string, changeId: string): Promise<void>
  /** takes the device's lock across processes; false: another process changes it */
  lockDevice(key: string): Promise<boolean>
  unlockDevice(key: string): Promise<void>
}

export class ChangeRunner {
  timings: ChangeTimings = DEFAULT_TIMINGS
  readonly #locks = new Map<string, DeviceLock>()
  readonly #running = new Map<string, Running>()
  readonly #listeners = new Map<string, Set<(rec: ChangeRecord) => void>>()
  /** the config editor's collected edits, per user and device (a draft; not kept across restarts) */
  readonly drafts = new Map<string, ChangeOperation[]>()
  /** set when this process is one of several (issue 20) */
  cluster: ChangeCluster | undefined
  readonly #taps = new Set<(key: string, rec: ChangeRecord) => void>()

  /** Takes the device's lock, or answers who holds it. */
  lock(key: string, lock: DeviceLock): DeviceLock | undefined {
    const held = this.#locks.get(key)
    if (held) return held
    this.#locks.set(key, lock)
    return undefined
  }

  holder(key: string): DeviceLock | undefined {
    return this.#locks.get(key)
  }

  unlock(key: string, changeId: string): void {
    if (this.#locks.get(key)?.changeId !== changeId) return
    this.#locks.delete(key)
    void this.cluster?.unlockDevice(key)
  }

  /** A keep signal whose wait ends at the deadline (or at once when kept). */
  keepSignal(
    sleep: (ms: number) => Promise<void>,
    now: () => number,
  ): { signal: KeepSignal; keep: () => boolean } {
    let kept = false
    let wake: (() => void) | undefined
    let waiting = false
    const signal: KeepSignal = {
      wait: async (deadline) => {
        waiting = true
        while (!kept && now() < deadline) {
          await Promise.race([
            sleep(Math.min(1000, Math.max(0, deadline - now()))),
            new Promise<void>((res) => (wake = res)),
          ])
        }
        waiting = false
        return kept
      },
    }
    return { signal, keep: () => (waiting ? ((kept = true), wake?.(), true) : false) }
  }

  track(changeId: string, run: Running): void {
    this.#running.set(changeId, run)
    void run.done.finally(() => this.#running.delete(changeId))
  }

  running(changeId: string): Running | undefined {
    return this.#running.get(changeId)
  }

  subscribe(key: string, fn: (rec: ChangeRecord) => void): () => void {
    const set = this.#listeners.get(key) ?? new Set()
    set.add(fn)
    this.#listeners.set(key, set)
    return () => {
      set.delete(fn)
      if (set.size === 0) this.#listeners.delete(key)
    }
  }

  /** A change of this process moved on: its pages, and the taps (sent to other processes). */
  emit(key: string, rec: ChangeRecord): void {
    this.emitRemote(key, rec)
    for (const fn of [...this.#taps]) fn(key, rec)
  }

  /** A change of another process moved on: only this process's pages hear it. */
  emitRemote(key: string, rec: ChangeRecord): void {
    for (const fn of [...(this.#listeners.get(key) ?? [])]) fn(rec)
  }

  /** Whether a page of this process follows the device `key`. */
  followed(key: string): boolean {
    return this.#listeners.has(key)
  }

  /** Every update of a change run here (startup sends them to the other processes). */
  tap(fn: (key: string, rec: ChangeRecord) => void): () => void {
    this.#taps.add(fn)
    return () => this.#taps.delete(fn)
  }
}

const runners = new WeakMap<object, ChangeRunner>()

/** The runner of an app instance (keyed by its deps). */
export function runnerFor(deps: object): ChangeRunner {
  let r = runners.get(deps)
  if (!r) runners.set(deps, (r = new ChangeRunner()))
  return r
}
