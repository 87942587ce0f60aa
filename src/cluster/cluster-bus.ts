// Live updates across processes (issue 20): PostgreSQL LISTEN/NOTIFY. One dedicated connection
// listens (a pooled one would be handed to other queries); when it drops (server restart, network)
// it reconnects with backoff, listens again and tells subscribers through onReconnect, because
// notifications sent while it was away are lost: a page that cares re-reads its state then.
// NOTIFY carries at most 8000 bytes: messages name what changed (ids), never bodies.
import pg from 'pg'
import { sql } from 'kysely'
import type { ClusterDb } from './db-time.ts'
import type { Logger } from '../log.ts'

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999

const CHANNEL = /^[a-z][a-z0-9_.]{0,62}$/

export interface ClusterBusOptions {
  /** the connection the listening client opens (same server as `db`) */
  readonly client: pg.ClientConfig
  /** where publish() sends NOTIFY (the pool; works while the listener reconnects) */
  readonly db: ClusterDb
  readonly log: Logger
  readonly reconnectMs?: number
}

type Handler = (message: unknown) => void

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel))
    throw new Error(
      `cluster bus channel "${channel}" is invalid: lower-case letters, digits, "_" and "." only`,
    )
}

export class ClusterBus {
  readonly #opts: ClusterBusOptions
  readonly #handlers = new Map<string, Set<Handler>>()
  readonly #reconnected = new Set<() => void>()
  #client: pg.Client | undefined
  #stopped = true
  #retry: NodeJS.Timeout | undefined
  #failures = 0

  constructor(opts: ClusterBusOptions) {
    this.#opts = opts
  }

  /** Whether the listening connection is up now. */
  get connected(): boolean {
    return this.#client !== undefined
  }

  async start(): Promise<void> {
    this.#stopped = false
    await this.#connect()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#retry)
    const c = this.#client
    this.#client = undefined
    await c?.end().catch(() => undefined)
  }

  /** Calls `fn` with every message on `channel` (from any process, this one too); returns unsubscribe. */
  subscribe(channel: string, fn: Handler): () => void {
    checkChannel(channel)
    let set = this.#handlers.get(channel)
    if (set === undefined) {
      set = new Set()
      this.#handlers.set(channel, set)
      void this.#listen(channel)
    }
    set.add(fn)
    return () => {
      set.delete(fn)
    }
  }

  /** Called after the listener came back: messages may have been missed meanwhile. */
  onReconnect(fn: () => void): () => void {
    this.#reconnected.add(fn)
    return () => this.#reconnected.delete(fn)
  }

  /** Sends `message` as JSON to every process listening on `channel`. */
  async publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel)
    const payload = JSON.stringify(message)
    const bytes = Buffer.byteLength(payload)
    if (bytes > MAX_PAYLOAD_BYTES)
      throw new Error(
        `cluster bus message on "${channel}" is ${bytes} bytes; NOTIFY allows ${MAX_PAYLOAD_BYTES}: send ids, not bodies`,
      )
    await sql`SELECT pg_notify(${channel}, ${payload})`.execute(this.#opts.db)
  }

  async #listen(channel: string): Promise<void> {
    const c = this.#client
    if (c === undefined) return
    try {
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`)
    } catch (err) {
      this.#opts.log.warn({ err, channel }, 'cluster bus: LISTEN failed; retried on reconnect')
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return
    const c = new pg.Client(this.#opts.client)
    c.on('notification', (n) => this.#deliver(n.channel, n.payload))
    c.on('error', (err) => this.#lost(c, err))
    c.on('end', () => this.#lost(c, undefined))
    try {
      await c.connect()
      for (const channel of this.#handlers.keys())
        await c.query(`LISTEN ${c.escapeIdentifier(channel)}`)
    } catch (err) {
      this.#lost(c, err)
      return
    }
    if (this.#stopped) {
      await c.end().catch(() => undefined)
      return
    }
    this.#client = c
    const wasDown = this.#failures > 0
    this.#failures = 0
    if (wasDown) {
      this.#opts.log.info('cluster bus: listening again')
      for (const fn of [...this.#reconnected]) fn()
    }
  }

  #lost(c: pg.Client, err: unknown): void {
    if (this.#client !== undefined && this.#client !== c) return
    const first = this.#failures === 0
    this.#client = undefined
    c.removeAllListeners('end')
    c.removeAllListeners('error')
    c.on('error', () => undefined)
    void c.end().catch(() => undefined)
    if (this.#stopped || this.#retry !== undefined) return
    this.#failures++
    if (first) this.#opts.log.warn({ err }, 'cluster bus: connection lost; reconnecting')
    const base = this.#opts.reconnectMs ?? 1000
    const wait = Math.min(base * 2 ** Math.min(this.#failures - 1, 5), 30_000)
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      void this.#connect()
    }, wait)
    this.#retry.unref()
  }

  #deliver(channel: string, payload: string | undefined): void {
    const set = this.#handlers.get(channel)
    if (set === undefined || payload === undefined) return
    let message: unknown
    try {
      message = JSON.parse(payload)
    } catch (err) {
      this.#opts.log.warn({ err, channel }, 'cluster bus: a message was not JSON; ignored')
      return
    }
    for (const fn of [...set]) {
      try {
        fn(message)
      } catch (err) {
        this.#opts.log.error({ err, channel }, 'cluster bus subscriber failed')
      }
    }
  }
}
