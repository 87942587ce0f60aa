// One change at a time per device across processes (issue 20): PostgreSQL session advisory locks
// on a connection of this process's own. A lock lives as long as that connection, so a process
// that dies (or loses its connection) lets go of its devices by itself: no stale lock outlives
// it. Keys are hashed to the 64-bit advisory key space with hashtextextended().
import pg from 'pg'
import type { Logger } from '../log.ts'

export interface DeviceLocksOptions {
  readonly client: pg.ClientConfig
  readonly log: Logger
}

export class DeviceLocks {
  readonly #o: DeviceLocksOptions
  #client: Promise<pg.Client> | undefined
  readonly #held = new Set<string>()

  constructor(o: DeviceLocksOptions) {
    this.#o = o
  }

  /** True when this process now holds `key` (no process held it). */
  async tryLock(key: string): Promise<boolean> {
    const c = await this.#connection()
    const r = await c.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
      [key],
    )
    const ok = r.rows[0]?.ok === true
    if (ok) this.#held.add(key)
    return ok
  }

  /** Lets go of `key` (nothing when this process does not hold it). */
  async unlock(key: string): Promise<void> {
    if (!this.#held.delete(key)) return
    const c = this.#client === undefined ? undefined : await this.#client.catch(() => undefined)
    await c
      ?.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
      .catch((err: unknown) => this.#o.log.warn({ err }, 'device lock not released'))
  }

  async stop(): Promise<void> {
    const c = this.#client
    this.#client = undefined
    this.#held.clear()
    await (await c?.catch(() => undefined))?.end().catch(() => undefined)
  }

  #connection(): Promise<pg.Client> {
    this.#client ??= (async () => {
      const c = new pg.Client(this.#o.client)
      const lost = (err?: unknown) => {
        if (this.#held.size > 0)
          this.#o.log.warn(
            { err, held: this.#held.size },
            'device lock connection lost; its locks are released',
          )
        this.#held.clear()
        this.#client = undefined
      }
      c.on('error', lost)
      c.on('end', () => lost())
      try {
        await c.connect()
      } catch (err) {
        this.#client = undefined
        throw err
      }
      return c
    })()
    return this.#client
  }
}
