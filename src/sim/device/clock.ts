/**
 * Virtual clocks for simulated devices. Every device reads time through a {@link SimClock}; timed
 * work (scheduler jobs, reboot completion) goes through `setTimer`, so one shared OS timer serves
 * any number of devices and tests can jump time forward with {@link ManualClock.advance}.
 */

export interface SimClock {
  /** Virtual epoch milliseconds. */
  now(): number
  /** Runs `fn` once the virtual time reaches `at`; returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void
}

interface TimerEntry {
  at: number
  seq: number
  fn: () => void
  cancelled: boolean
}

/** Min-heap of timer entries ordered by (at, seq). */
class TimerHeap {
  private items: TimerEntry[] = []
  get size(): number {
    return this.items.length
  }
  peek(): TimerEntry | undefined {
    return this.items[0]
  }
  push(e: TimerEntry): void {
    const a = this.items
    a.push(e)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(a[i] as TimerEntry, a[p] as TimerEntry)) break
      swap(a, i, p)
      i = p
    }
  }
  pop(): TimerEntry | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && less(a[l] as TimerEntry, a[m] as TimerEntry)) m = l
        if (r < a.length && less(a[r] as TimerEntry, a[m] as TimerEntry)) m = r
        if (m === i) break
        swap(a, i, m)
        i = m
      }
    }
    return top
  }
}

function less(x: TimerEntry, y: TimerEntry): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq)
}

function swap(a: TimerEntry[], i: number, j: number): void {
  const t = a[i] as TimerEntry
  a[i] = a[j] as TimerEntry
  a[j] = t
}

abstract class HeapClock implements SimClock {
  protected readonly heap = new TimerHeap()
  private seq = 0
  abstract now(): number
  protected abstract rearm(): void

  setTimer(at: number, fn: () => void): () => void {
    const e: TimerEntry = { at, seq: this.seq++, fn, cancelled: false }
    this.heap.push(e)
    this.rearm()
    return () => {
      e.cancelled = true
    }
  }

  /** Runs every timer due at or before `now()`, in order. */
  protected runDue(): void {
    for (;;) {
      const top = this.heap.peek()
      if (!top || top.at > this.now()) return
      this.heap.pop()
      if (!top.cancelled) top.fn()
    }
  }
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order, each seeing
 * `now()` equal to its own due time.
 * @example const c = new ManualClock(Date.UTC(2025, 0, 1)); c.advance(60_000)
 */
export class ManualClock extends HeapClock {
  private t: number
  constructor(start = Date.UTC(2025, 0, 1, 12, 0, 0)) {
    super()
    this.t = start
  }
  now(): number {
    return this.t
  }
  protected rearm(): void {}
  advance(ms: number): void {
    const target = this.t + ms
    for (;;) {
      const top = this.heap.peek()
      if (!top || top.at > target) break
      this.t = Math.max(this.t, top.at)
      this.runDue()
    }
    this.t = target
  }
}

/**
 * Wall-clock time, optionally sped up: virtual time runs `timeScale` times faster than real time.
 * Uses at most one OS timer (unref'd) whatever the number of pending entries.
 */
export class RealClock extends HeapClock {
  private readonly realStart = Date.now()
  private readonly virtStart: number
  private readonly scale: number
  private timer: NodeJS.Timeout | undefined
  private armedFor = Infinity

  constructor(opts: { timeScale?: number; start?: number } = {}) {
    super()
    this.scale = opts.timeScale ?? 1
    this.virtStart = opts.start ?? this.realStart
  }
  now(): number {
    return this.virtStart + (Date.now() - this.realStart) * this.scale
  }
  protected rearm(): void {
    const top = this.heap.peek()
    if (!top) return
    if (this.timer && this.armedFor <= top.at) return
    if (this.timer) clearTimeout(this.timer)
    const delay = Math.max(0, Math.ceil((top.at - this.now()) / this.scale))
    this.armedFor = top.at
    this.timer = setTimeout(() => this.fire(), Math.min(delay, 2 ** 31 - 1))
    this.timer.unref()
  }
  private fire(): void {
    this.timer = undefined
    this.armedFor = Infinity
    this.runDue()
    this.rearm()
  }
}

let shared: RealClock | undefined
/** The process-wide real-time clock (created on first use, so importing has no side effects). */
export function sharedRealClock(): RealClock {
  shared ??= new RealClock()
  return shared
}
