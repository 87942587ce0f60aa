// The syslog receiver's database side on PostgreSQL (issue 20): the same contract as SyslogStore
// (syslog-store.ts, SQLite), through the cross-tenant handle. Sources and caps are read by
// `load()` (start, every refresh) and answered from memory, because the ingest asks for them
// synchronously; a batch is one multi-row INSERT … RETURNING id in one transaction.
import { sql, type Kysely } from 'kysely'
import type { Database } from './schema.ts'
import type { DeviceCaps, SyslogRow, SyslogSource } from './syslog-store.ts'
import { createUnscoped, type Unscoped } from './unscoped.ts'

const PRUNE_CHUNK = 5000
const DAY = 86_400_000

export class PgSyslogStore {
  readonly #db: Unscoped
  #sources: SyslogSource[] = []
  #caps = new Map<string, DeviceCaps>()
  #loading: Promise<void> | undefined
  readonly #counts = new Map<string, number>()

  constructor(kysely: Kysely<Database>) {
    this.#db = createUnscoped(kysely)
  }

  /** Reads every device's addresses and the retention overrides into memory. */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      const [sources, caps] = await Promise.all([
        this.#db
          .selectFrom('devices')
          .select(['tenant_id as tenantId', 'id as deviceId', 'host', 'host2'])
          .execute(),
        this.#db
          .selectFrom('device_log_caps')
          .select(['tenant_id', 'device_id', 'max_lines', 'max_days'])
          .execute(),
      ])
      this.#sources = sources as SyslogSource[]
      this.#caps = new Map(
        caps.map((r) => [
          `${r.tenant_id}|${r.device_id}`,
          { maxLines: r.max_lines, maxDays: r.max_days },
        ]),
      )
    })().finally(() => (this.#loading = undefined))
    return this.#loading
  }

  /** The addresses as last loaded. */
  sources(): SyslogSource[] {
    return this.#sources
  }

  caps(): Map<string, DeviceCaps> {
    return this.#caps
  }

  async write(rows: readonly SyslogRow[], maxLinesOf: (key: string) => number): Promise<number[]> {
    if (rows.length === 0) return []
    return this.#db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('device_logs')
        .values(
          rows.map((r) => ({
            tenant_id: r.tenantId,
            device_id: r.deviceId,
            at: r.at,
            sent_at: r.sentAt,
            facility: r.facility,
            severity: r.severity,
            host: r.host,
            app: r.app,
            msg: r.msg,
          })) as never,
        )
        .returning('id')
        .execute()
      const added = new Map<string, number>()
      for (const r of rows) {
        const key = `${r.tenantId}|${r.deviceId}`
        added.set(key, (added.get(key) ?? 0) + 1)
      }
      for (const [key, n] of added) {
        const [t, d] = key.split('|') as [string, string]
        const known = this.#counts.get(key)
        if (known === undefined) {
          const c = await trx
            .selectFrom('device_logs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', t as never)
            .where('device_id', '=', d as never)
            .executeTakeFirstOrThrow()
          this.#counts.set(key, Number(c.n))
        } else this.#counts.set(key, known + n)
        await this.#trim(trx, key, maxLinesOf(key))
      }
      return inserted.map((r) => Number(r.id))
    })
  }

  async #trim(db: Unscoped, key: string, maxLines: number): Promise<void> {
    const n = this.#counts.get(key) ?? 0
    if (n <= maxLines + Math.max(10, Math.floor(maxLines / 20))) return
    const [t, d] = key.split('|') as [string, string]
    let excess = n - maxLines
    while (excess > 0) {
      const r = await db
        .deleteFrom('device_logs')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('device_logs')
            .select('id')
            .where('tenant_id', '=', t as never)
            .where('device_id', '=', d as never)
            .orderBy('at')
            .orderBy('id')
            .limit(Math.min(excess, PRUNE_CHUNK)),
        )
        .executeTakeFirst()
      const removed = Number(r.numDeletedRows)
      if (removed === 0) break
      excess -= removed
    }
    this.#counts.set(key, maxLines + Math.max(0, excess))
  }

  async pruneByAge(
    now: number,
    defaultDays: number,
    caps: ReadonlyMap<string, DeviceCaps>,
  ): Promise<number> {
    let total = 0
    const chunk = async (run: () => Promise<bigint>): Promise<void> => {
      for (;;) {
        const n = Number(await run())
        total += n
        if (n < PRUNE_CHUNK) return
      }
    }
    await chunk(async () => {
      const r = await this.#db
        .deleteFrom('device_logs')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('device_logs as l')
            .select('l.id')
            .where('l.at', '<', now - defaultDays * DAY)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('device_log_caps as c')
                    .select(sql`1`.as('one'))
                    .whereRef('c.tenant_id', '=', 'l.tenant_id')
                    .whereRef('c.device_id', '=', 'l.device_id'),
                ),
              ),
            )
            .limit(PRUNE_CHUNK),
        )
        .executeTakeFirst()
      return r.numDeletedRows
    })
    for (const [key, c] of caps) {
      const [t, d] = key.split('|') as [string, string]
      await chunk(async () => {
        const r = await this.#db
          .deleteFrom('device_logs')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('device_logs')
              .select('id')
              .where('tenant_id', '=', t as never)
              .where('device_id', '=', d as never)
              .where('at', '<', now - c.maxDays * DAY)
              .limit(PRUNE_CHUNK),
          )
          .executeTakeFirst()
        return r.numDeletedRows
      })
    }
    if (total > 0) this.#counts.clear()
    return total
  }

  forgetCounts(): void {
    this.#counts.clear()
  }
}
