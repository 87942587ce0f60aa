// Live tail: stored lines go out to whoever watches that device's page (SSE). In-process only;
// a subscriber that cannot keep up loses lines in its own bounded queue, never slows ingest.
export interface TailLine {
  id: number
  at: number
  severity: number
  app: string
  host: string
  msg: string
}

type Listener = (lines: readonly TailLine[]) => void

export class LogTail {
  readonly #listeners = new Map<string, Set<Listener>>()

  /** Subscribes to one device's new lines; returns the unsubscribe function. */
  subscribe(tenantId: string, deviceId: string, fn: Listener): () => void {
    const key = `${tenantId}|${deviceId}`
    let set = this.#listeners.get(key)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(key, set)
    }
    set.add(fn)
    return () => {
      set.delete(fn)
      if (set.size === 0) this.#listeners.delete(key)
    }
  }

  /** True when somebody watches this device (the ingest skips building lines otherwise). */
  watched(key: string): boolean {
    return this.#listeners.has(key)
  }

  publish(key: string, lines: readonly TailLine[]): void {
    for (const fn of this.#listeners.get(key) ?? []) fn(lines)
  }
}
