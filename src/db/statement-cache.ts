import type BetterSqlite3 from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Distinct SQL texts kept prepared; Kysely's queries of the whole app are a few hundred. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500

/**
 * The database handle Kysely's SQLite driver sees: `prepare()` returns a statement already
 * prepared for the same SQL text when there is one. Kysely prepares every query afresh, and
 * compiling the SQL was about 9 % of the poller's CPU. The cache is a bounded LRU (a Map in use
 * order), because `IN (?, ?, …)` lists make SQL texts of varying length; an evicted statement is
 * finalized by the garbage collector. Reusing a statement is safe because Kysely's driver runs one
 * query at a time on its single connection, and SQLite re-prepares a statement by itself after a
 * schema change (migrations). Size 0 turns the cache off (benchmarks compare both).
 * @example
 * const kysely = new Kysely<Database>({
 *   dialect: new SqliteDialect({ database: new StatementCache(sqlite, 500) }),
 * })
 */
export class StatementCache implements SqliteDatabase {
  readonly #db: BetterSqlite3.Database
  readonly #max: number
  readonly #cache = new Map<string, BetterSqlite3.Statement>()
  #hits = 0
  #misses = 0

  constructor(db: BetterSqlite3.Database, max = DEFAULT_STATEMENT_CACHE_SIZE) {
    this.#db = db
    this.#max = max
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#cache.get(sql)
    if (cached !== undefined) {
      this.#hits++
      // re-insert so the Map's order stays least-recently-used first
      this.#cache.delete(sql)
      this.#cache.set(sql, cached)
      return cached
    }
    this.#misses++
    const stmt = this.#db.prepare(sql)
    if (this.#max <= 0) return stmt
    this.#cache.set(sql, stmt)
    if (this.#cache.size > this.#max) {
      const oldest = this.#cache.keys().next().value as string
      this.#cache.delete(oldest)
    }
    return stmt
  }

  /** Cache counters, for tests and benchmarks. */
  stats(): { size: number; hits: number; misses: number } {
    return { size: this.#cache.size, hits: this.#hits, misses: this.#misses }
  }

  close(): void {
    this.#cache.clear()
    this.#db.close()
  }
}
