// The receiver's core, between the sockets and the database: parse each frame, map its sender to a
// device, queue it, and write the queue in batches (one transaction per batch) so thousands of
// lines a second cost a few commits. The queue is bounded. TCP senders are paused (back-pressure)
// before it fills, so nothing they send is lost; UDP lines beyond capacity are dropped and
// counted. One sender may hold at most a quarter of the queue, so a flooding router is paused or
// dropped while the others' lines still go in. Every line that is not stored is counted by reason.
import type { DeviceCaps, SyslogRow, SyslogStore } from '../db/syslog-store.ts'
import type { PgSyslogStore } from '../db/syslog-store-pg.ts'
import type { Logger } from '../log.ts'
import { parseSyslog } from './syslog-parse.ts'
import { normalizeAddress, SourceMap } from './syslog-sources.ts'
import type { LogTail, TailLine } from './syslog-tail.ts'

export interface SyslogCounters {
  received: number
  stored: number
  /** queue full (UDP) or the sender over its share */
  dropped: number
  malformed: number
  binary: number
  oversized: number
  /** TCP frames that were neither octet-counted nor `<PRI>` lines */
  framing: number
  /** from an address no device has (or several devices share) */
  unknown: number
  /** the database refused the batch (disk full, …) */
  writeFailed: number
}

export interface UnknownSource {
  address: string
  count: number
  lastAt: number
  ambiguous: boolean
  /** the last line, shortened, to help tell which router it is */
  sample: string
}

export interface SyslogIngestOptions {
  store: SyslogStore | PgSyslogStore
  tail: LogTail
  log: Logger
  clock: { now(): number }
  defaults: DeviceCaps
  /** lines queued at most (default 20,000) */
  queueMax?: number
  /** lines per transaction (default 1,000) */
  batchMax?: number
  /** how long a small queue waits to grow into a batch (default 50 ms) */
  flushDelayMs?: number
  /** stored lines, for the syslog-pattern alert rules */
  onStored?: (tenantId: string, deviceId: string, lines: readonly TailLine[]) => void
}

const UNKNOWN_KEEP = 200
const SOURCES_REFRESH_MS = 30_000
const UNKNOWN_REFRESH_MS = 5_000

interface Queued {
  row: SyslogRow
  src: string
}

export class SyslogIngest {
  readonly counters: SyslogCounters = {
    received: 0,
    stored: 0,
    dropped: 0,
    malformed: 0,
    binary: 0,
    oversized: 0,
    framing: 0,
    unknown: 0,
    writeFailed: 0,
  }
  readonly #o: SyslogIngestOptions
  readonly #queueMax: number
  readonly #batchMax: number
  readonly #shareMax: number
  #queue: Queued[] = []
  readonly #pending = new Map<string, number>()
  readonly #unknown = new Map<string, UnknownSource>()
  readonly #waiting = new Set<() => void>()
  #sources: SourceMap
  #sourcesAt = 0
  #caps = new Map<string, DeviceCaps>()
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> | undefined

  constructor(o: SyslogIngestOptions) {
    this.#o = o
    this.#queueMax = o.queueMax ?? 20_000
    this.#batchMax = o.batchMax ?? 1_000
    this.#shareMax = Math.max(this.#batchMax, Math.floor(this.#queueMax / 4))
    this.#sources = new SourceMap([])
  }

  /**
   * Reads the device addresses and retention overrides again (startup, then every 30 s). SQLite
   * reads synchronously; on PostgreSQL (issue 20) the returned promise settles once they are read.
   */
  refresh(): Promise<void> {
    const apply = (): void => {
      this.#sources = new SourceMap(this.#o.store.sources())
      this.#caps = this.#o.store.caps()
      this.#sourcesAt = this.#o.clock.now()
    }
    const store = this.#o.store
    if (!('load' in store)) {
      apply()
      return Promise.resolve()
    }
    this.#sourcesAt = this.#o.clock.now()
    return store.load().then(apply, (err: unknown) => {
      this.#o.log.warn({ err }, 'reading syslog sources failed')
    })
  }

  /** One received frame (a UDP datagram or a TCP frame) from `address`. */
  offer(address: string, frame: Buffer, transport: 'udp' | 'tcp'): void {
    const c = this.counters
    c.received++
    const now = this.#o.clock.now()
    const src = normalizeAddress(address)
    if (now - this.#sourcesAt > SOURCES_REFRESH_MS) void this.refresh()
    let dev = this.#sources.lookup(src)
    if (dev === undefined && now - this.#sourcesAt > UNKNOWN_REFRESH_MS) {
      // a device added a moment ago: its first lines are not lost to a stale map
      void this.refresh()
      dev = this.#sources.lookup(src)
    }
    const parsed = parseSyslog(frame, now)
    if (!parsed.ok) {
      c[parsed.reason]++
      return
    }
    if (dev === undefined) {
      c.unknown++
      this.#noteUnknown(src, now, parsed.message.msg)
      return
    }
    const held = this.#pending.get(src) ?? 0
    // TCP senders are paused long before this; what still arrives is only refused at the hard limit
    const limit = transport === 'tcp' ? this.#queueMax * 2 : this.#queueMax
    if (this.#queue.length >= limit || (transport === 'udp' && held >= this.#shareMax)) {
      c.dropped++
      return
    }
    const m = parsed.message
    this.#queue.push({
      src,
      row: {
        tenantId: dev.tenantId,
        deviceId: dev.deviceId,
        at: now,
        sentAt: m.sentAt,
        facility: m.facility,
        severity: m.severity,
        host: m.host,
        app: m.app,
        msg: m.msg,
      },
    })
    this.#pending.set(src, held + 1)
    this.#schedule()
  }

  /** A framing problem the TCP decoder found. */
  problem(kind: 'oversized' | 'framing'): void {
    this.counters.received++
    this.counters[kind]++
  }

  /** Should a TCP sender at this address stop reading for now (back-pressure)? */
  shouldPause(address: string): boolean {
    return (
      this.#queue.length >= this.#queueMax / 2 ||
      (this.#pending.get(normalizeAddress(address)) ?? 0) >= this.#shareMax
    )
  }

  /** Calls `fn` once after the next batch is written (a paused sender checks again then). */
  onDrain(fn: () => void): void {
    this.#waiting.add(fn)
  }

  get queued(): number {
    return this.#queue.length
  }

  /** Unknown senders, most frequent first (super admins see them). */
  unknownSources(): UnknownSource[] {
    return [...this.#unknown.values()].sort((a, b) => b.count - a.count)
  }

  /** Writes everything queued (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#writing !== undefined) {
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer)
        this.#timer = undefined
      }
      await (this.#writing ?? this.#write())
    }
  }

  /** Deletes lines past each device's day cap. */
  async pruneByAge(): Promise<number> {
    return this.#o.store.pruneByAge(this.#o.clock.now(), this.#o.defaults.maxDays, this.#caps)
  }

  #noteUnknown(src: string, now: number, msg: string): void {
    let u = this.#unknown.get(src)
    if (u === undefined) {
      if (this.#unknown.size >= UNKNOWN_KEEP) {
        // keep the list bounded: forget the quietest address
        const quietest = [...this.#unknown.values()].reduce((a, b) => (b.count < a.count ? b : a))
        this.#unknown.delete(quietest.address)
      }
      u = { address: src, count: 0, lastAt: now, ambiguous: false, sample: '' }
      this.#unknown.set(src, u)
    }
    u.count++
    u.lastAt = now
    u.ambiguous = this.#sources.isAmbiguous(src)
    u.sample = msg.slice(0, 160)
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#writing !== undefined) return
    const delay = this.#queue.length >= this.#batchMax ? 0 : (this.#o.flushDelayMs ?? 50)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#write()
    }, delay)
  }

  #write(): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        while (this.#queue.length > 0) {
          const batch = this.#queue.slice(0, this.#batchMax)
          this.#queue = this.#queue.slice(batch.length)
          await this.#writeBatch(batch)
          // a sender still over its share registers again: call a copy, not the live set
          const waiting = [...this.#waiting]
          this.#waiting.clear()
          for (const fn of waiting) fn()
          // let sockets and HTTP requests run between batches
          await new Promise((r) => setImmediate(r))
          if (this.#queue.length < this.#batchMax) break
        }
      } finally {
        this.#writing = undefined
        if (this.#queue.length > 0) this.#schedule()
      }
    }
    this.#writing = run()
    return this.#writing
  }

  async #writeBatch(batch: readonly Queued[]): Promise<void> {
    const rows = batch.map((q) => q.row)
    try {
      const ids = await this.#o.store.write(
        rows,
        (key) => this.#caps.get(key)?.maxLines ?? this.#o.defaults.maxLines,
      )
      this.counters.stored += rows.length
      this.#publish(rows, ids)
    } catch (err) {
      this.counters.writeFailed += rows.length
      this.#o.log.warn({ err, lines: rows.length }, 'syslog batch not stored')
    } finally {
      for (const q of batch) {
        const n = (this.#pending.get(q.src) ?? 1) - 1
        if (n <= 0) this.#pending.delete(q.src)
        else this.#pending.set(q.src, n)
      }
    }
  }

  #publish(rows: readonly SyslogRow[], ids: readonly number[]): void {
    const byDevice = new Map<string, TailLine[]>()
    const onStored = this.#o.onStored
    rows.forEach((r, i) => {
      const key = `${r.tenantId}|${r.deviceId}`
      if (onStored === undefined && !this.#o.tail.watched(key)) return
      let list = byDevice.get(key)
      if (list === undefined) byDevice.set(key, (list = []))
      list.push({
        id: ids[i] ?? 0,
        at: r.at,
        severity: r.severity,
        app: r.app,
        host: r.host,
        msg: r.msg,
      })
    })
    for (const [key, lines] of byDevice) {
      this.#o.tail.publish(key, lines)
      if (onStored !== undefined) {
        const [t, d] = key.split('|') as [string, string]
        onStored(t, d, lines)
      }
    }
  }
}
