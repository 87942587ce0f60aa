// Live updates across processes (issue 20). Each process's poller publishes on its own in-process
// EventBus; a page served by another process would never see those events. The bridge sends what
// pages show (and what every alert engine must hear) to the other processes through the
// ClusterBus, batched: one flush per FLUSH_MS, split into NOTIFYs under the 8000-byte limit, with
// bodies dropped (pages need ids, status and time). What arrives is emitted on `remote`, a bus of
// its own: page feeds listen to it, while the engines that must act once cluster-wide (alert
// evaluation of polls, backup capture, compliance, SLA history) stay on the local bus only, so a
// poll is evaluated by the process that made it and nowhere else. Our own messages come back
// through LISTEN too and are ignored (node id).
import { EventBus, type PollerEventMap, type PollerEventName } from '../poller/index.ts'
import type { Logger } from '../log.ts'
import { MAX_PAYLOAD_BYTES, type ClusterBus } from './cluster-bus.ts'

export const LIVE_CHANNEL = 'outpost.live'
const FLUSH_MS = 250
/** a device log line or change summary is cut to this on the wire (pages show a short line) */
const TEXT_MAX = 300
/** at most this many events wait for one flush (polls aside: one per device); more are dropped */
const PENDING_MAX = 20_000

/**
 * What crosses: what the live pages show (subscribeTenantFeed) and what every alert engine must
 * hear (rules reloaded; an alert resolved by hand forgets the evaluator's state). Not forwarded:
 * device.config_activity (the process that saw it captures the backup), config.changed and
 * backup.failed (evaluated by the engine of the process that captured; no page shows them).
 */
const FORWARDED = [
  'device.polled',
  'device.status_changed',
  'device.event',
  'backup.changed',
  'alert.changed',
  'alerts.rules_changed',
  'job.changed',
  'scan.changed',
  'change.updated',
] as const satisfies readonly PollerEventName[]
type Forwarded = (typeof FORWARDED)[number]
type Item = { [K in Forwarded]: [K, PollerEventMap[K]] }[Forwarded]

interface Wire {
  /** the sending node: its own messages are ignored */
  n: string
  e: Item[]
}

const cut = (s: string): string => (s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX - 1)}…` : s)

/** The page-sized copy of an event: no metric points, short texts. */
function slim(item: Item): Item {
  const [name, p] = item
  switch (name) {
    case 'device.polled': {
      const { tenantId, deviceId, status, at, durationMs } = p
      return [name, { tenantId, deviceId, status, at, durationMs }]
    }
    case 'device.event':
      return [name, { ...p, message: cut(p.message) }]
    case 'backup.changed':
      return [name, { ...p, summary: cut(p.summary) }]
    case 'alert.changed':
      return [name, { ...p, label: typeof p.label === 'string' ? cut(p.label) : p.label }]
    default:
      return item
  }
}

/** Events where only the latest of a flush matters (a page re-reads its state anyway). */
function coalesceKey(item: Item): string | undefined {
  switch (item[0]) {
    case 'device.polled':
      return `p/${item[1].tenantId}/${item[1].deviceId}`
    case 'job.changed':
      return `j/${item[1].tenantId}/${item[1].jobId}`
    case 'scan.changed':
      return `s/${item[1].tenantId}/${item[1].scanId}`
    case 'change.updated':
      return `c/${item[1].tenantId}/${item[1].changeId}`
    default:
      return undefined
  }
}

function isItem(x: unknown): x is Item {
  if (!Array.isArray(x) || x.length !== 2) return false
  const [name, p] = x as [unknown, unknown]
  return (
    typeof name === 'string' &&
    (FORWARDED as readonly string[]).includes(name) &&
    typeof p === 'object' &&
    p !== null &&
    typeof (p as { tenantId?: unknown }).tenantId === 'string'
  )
}

export interface LiveBridgeOptions {
  readonly bus: ClusterBus
  /** this process's poller bus (events made here) */
  readonly local: EventBus
  readonly nodeId: string
  readonly log: Logger
  readonly flushMs?: number
}

export class LiveBridge {
  /** events of the other processes, for page feeds (never for engines that act once) */
  readonly remote: EventBus
  readonly #o: LiveBridgeOptions
  readonly #resync = new Set<() => void>()
  #pending: Item[] = []
  /** coalesced: the latest poll per device, one notice per job or scan, within one flush */
  #latest = new Map<string, Item>()
  #offs: (() => void)[] = []
  #timer: NodeJS.Timeout | undefined
  #flushing: Promise<void> = Promise.resolve()
  #publishFailing = false

  constructor(o: LiveBridgeOptions) {
    this.#o = o
    this.remote = new EventBus((err, name) =>
      o.log.error({ err, event: name }, 'a subscriber of remote live events failed'),
    )
  }

  async start(): Promise<void> {
    const { bus, local } = this.#o
    this.#offs.push(bus.subscribe(LIVE_CHANNEL, (m) => this.#receive(m)))
    // notifications sent while the listener was away are lost: open pages re-read their state
    this.#offs.push(
      bus.onReconnect(() => {
        for (const fn of [...this.#resync]) fn()
      }),
    )
    for (const name of FORWARDED)
      this.#offs.push(local.on(name, (p) => this.#queue([name, p] as Item)))
    await bus.start()
  }

  /** Called when events from other processes may have been missed (the bus reconnected). */
  onResync(fn: () => void): () => void {
    this.#resync.add(fn)
    return () => this.#resync.delete(fn)
  }

  /** Sends what is still queued, then stops listening. */
  async stop(): Promise<void> {
    for (const off of this.#offs) off()
    this.#offs = []
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#flush()
    await this.#o.bus.stop()
  }

  #queue(item: Item): void {
    const key = coalesceKey(item)
    if (key !== undefined) {
      this.#latest.set(key, item)
    } else {
      if (this.#pending.length >= PENDING_MAX) return
      this.#pending.push(item)
    }
    this.#timer ??= setTimeout(() => {
      void this.#flush()
    }, this.#o.flushMs ?? FLUSH_MS)
  }

  /** One flush at a time, in order; a flush that is slow delays the next, never overlaps it. */
  #flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#send())
    return this.#flushing
  }

  async #send(): Promise<void> {
    this.#timer = undefined
    const items = [...this.#pending, ...this.#latest.values()].map(slim)
    this.#pending = []
    this.#latest = new Map()
    if (items.length === 0) return
    try {
      for (const chunk of this.#chunks(items))
        await this.#o.bus.publish(LIVE_CHANNEL, { n: this.#o.nodeId, e: chunk } satisfies Wire)
      if (this.#publishFailing) this.#o.log.info('live updates to other processes sent again')
      this.#publishFailing = false
    } catch (err) {
      // the database is away: these updates are lost; pages catch up on their next refresh
      if (!this.#publishFailing)
        this.#o.log.warn({ err }, 'live updates to other processes could not be sent')
      this.#publishFailing = true
    }
  }

  /** Splits the batch into messages that each fit one NOTIFY. */
  #chunks(items: Item[]): Item[][] {
    const head = Buffer.byteLength(JSON.stringify({ n: this.#o.nodeId, e: [] }))
    const out: Item[][] = []
    let cur: Item[] = []
    let size = head
    for (const item of items) {
      const bytes = Buffer.byteLength(JSON.stringify(item)) + 1
      if (head + bytes > MAX_PAYLOAD_BYTES) {
        this.#o.log.warn({ event: item[0] }, 'a live update too large for NOTIFY was dropped')
        continue
      }
      if (size + bytes > MAX_PAYLOAD_BYTES) {
        out.push(cur)
        cur = []
        size = head
      }
      cur.push(item)
      size += bytes
    }
    if (cur.length > 0) out.push(cur)
    return out
  }

  #receive(message: unknown): void {
    const m = message as Partial<Wire> | null
    if (m === null || typeof m !== 'object' || typeof m.n !== 'string' || !Array.isArray(m.e))
      return
    if (m.n === this.#o.nodeId) return
    for (const item of m.e) {
      if (!isItem(item)) continue
      this.remote.emit(item[0], item[1] as never)
    }
  }
}
