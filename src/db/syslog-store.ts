// The syslog receiver's database side. Ingest is cross-tenant by nature (one listener for every
// tenant's routers) and high-volume (thousands of lines a second), so it uses prepared statements
// on the raw connection instead of a Kysely query per line. Every write runs while holding Kysely's
// connection (`kysely.connection()`): there is one SQLite connection per process, and a raw write
// between another caller's BEGIN and COMMIT would join that caller's transaction.
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

export interface SyslogSource {
  tenantId: string
  deviceId: string
  host: string
  host2: string | null
}

export interface SyslogRow {
  tenantId: string
  deviceId: string
  at: number
  sentAt: number | null
  facility: number
  severity: number
  host: string
  app: string
  msg: string
}

export interface DeviceCaps {
  maxLines: number
  maxDays: number
}

/** Rows deleted per statement when pruning, so one prune never holds the connection for long. */
const PRUNE_CHUNK = 5000

/**
 * @example const store = new SyslogStore(deps.kysely, deps.sqlite); await store.write(rows, caps)
 */
export class SyslogStore {
  readonly #kysely: Kysely<Database>
  readonly #sqlite: BetterSqlite3.Database
  readonly #insert: BetterSqlite3.Statement
  readonly #count: BetterSqlite3.Statement
  readonly #trim: BetterSqlite3.Statement
  readonly #writeMany: (rows: readonly SyslogRow[]) => number[]
  /** lines stored per device (`tenant|device`), counted once then kept up to date */
  readonly #counts = new Map<string, number>()

  constructor(kysely: Kysely<Database>, sqlite: BetterSqlite3.Database) {
    this.#kysely = kysely
    this.#sqlite = sqlite
    this.#insert = sqlite.prepare(
      `INSERT INTO device_logs (tenant_id, device_id, at, sent_at, facility, severity, host, app, msg)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#count = sqlite
      .prepare('SELECT count(*) AS n FROM device_logs WHERE tenant_id = ? AND device_id = ?')
      .pluck()
    this.#trim = sqlite.prepare(
      `DELETE FROM device_logs WHERE id IN (
         SELECT id FROM device_logs WHERE tenant_id = ? AND device_id = ? ORDER BY at, id LIMIT ?)`,
    )
    this.#writeMany = sqlite.transaction((rows: readonly SyslogRow[]) => {
      const ids: number[] = []
      for (const r of rows) {
        const res = this.#insert.run(
          r.tenantId,
          r.deviceId,
          r.at,
          r.sentAt,
          r.facility,
          r.severity,
          r.host,
          r.app,
          r.msg,
        )
        ids.push(Number(res.lastInsertRowid))
      }
      return ids
    })
  }

  /** Every device's addresses, for mapping senders (all tenants). */
  sources(): SyslogSource[] {
    return this.#sqlite
      .prepare('SELECT tenant_id AS tenantId, id AS deviceId, host, host2 FROM devices')
      .all() as SyslogSource[]
  }

  /** Per-device retention overrides, keyed `tenant|device`. */
  caps(): Map<string, DeviceCaps> {
    const rows = this.#sqlite
      .prepare(
        'SELECT tenant_id AS t, device_id AS d, max_lines AS maxLines, max_days AS maxDays FROM device_log_caps',
      )
      .all() as { t: string; d: string; maxLines: number; maxDays: number }[]
    return new Map(rows.map((r) => [`${r.t}|${r.d}`, { maxLines: r.maxLines, maxDays: r.maxDays }]))
  }

  /**
   * Stores a batch in one transaction, then trims devices past their line cap (with 5 % slack so
   * the delete runs once per many batches, not once per line). Returns the new row ids in order.
   */
  async write(rows: readonly SyslogRow[], maxLinesOf: (key: string) => number): Promise<number[]> {
    return this.#kysely.connection().execute(async () => {
      const ids = this.#writeMany(rows)
      const added = new Map<string, number>()
      for (const r of rows) {
        const key = `${r.tenantId}|${r.deviceId}`
        added.set(key, (added.get(key) ?? 0) + 1)
      }
      for (const [key, n] of added) {
        const known = this.#counts.get(key)
        const [t, d] = key.split('|') as [string, string]
        // counted after the insert, so the first count already includes this batch
        this.#counts.set(key, known === undefined ? (this.#count.get(t, d) as number) : known + n)
        this.#trimDevice(key, maxLinesOf(key))
      }
      return ids
    })
  }

  #trimDevice(key: string, maxLines: number): void {
    const n = this.#counts.get(key) ?? 0
    if (n <= maxLines + Math.max(10, Math.floor(maxLines / 20))) return
    const [t, d] = key.split('|') as [string, string]
    let excess = n - maxLines
    while (excess > 0) {
      const removed = this.#trim.run(t, d, Math.min(excess, PRUNE_CHUNK)).changes
      if (removed === 0) break
      excess -= removed
    }
    this.#counts.set(key, maxLines + Math.max(0, excess))
  }

  /**
   * Deletes lines older than each device's day cap (the override, else `defaultDays`), a chunk at a
   * time. Returns how many went.
   */
  async pruneByAge(
    now: number,
    defaultDays: number,
    caps: ReadonlyMap<string, DeviceCaps>,
  ): Promise<number> {
    const day = 86_400_000
    let total = 0
    const chunk = async (run: () => number): Promise<void> => {
      for (;;) {
        const n = await this.#kysely.connection().execute(async () => run())
        total += n
        if (n < PRUNE_CHUNK) return
      }
    }
    const others = this.#sqlite.prepare(
      `DELETE FROM device_logs WHERE id IN (
         SELECT l.id FROM device_logs l WHERE l.at < ? AND NOT EXISTS (
           SELECT 1 FROM device_log_caps c WHERE c.tenant_id = l.tenant_id AND c.device_id = l.device_id)
         LIMIT ${PRUNE_CHUNK})`,
    )
    await chunk(() => others.run(now - defaultDays * day).changes)
    const one = this.#sqlite.prepare(
      `DELETE FROM device_logs WHERE id IN (
         SELECT id FROM device_logs WHERE tenant_id = ? AND device_id = ? AND at < ? LIMIT ${PRUNE_CHUNK})`,
    )
    for (const [key, c] of caps) {
      const [t, d] = key.split('|') as [string, string]
      await chunk(() => one.run(t, d, now - c.maxDays * day).changes)
    }
    // counts are re-read on the next line of each device
    if (total > 0) this.#counts.clear()
    return total
  }

  /** Forget cached counts (a device's lines were deleted elsewhere, e.g. the device went). */
  forgetCounts(): void {
    this.#counts.clear()
  }
}
