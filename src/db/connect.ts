// Opens the one SQLite connection of the process and builds the one raw Kysely instance.
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely'
import type { Database } from './schema.ts'
import { DEFAULT_STATEMENT_CACHE_SIZE, StatementCache } from './statement-cache.ts'

// SQLite has transactional DDL, but Kysely's adapter says it has not, so its Migrator would run
// each migration without a transaction and a failure halfway would leave a half-built schema.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class OutpostSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

export interface OpenDatabase {
  sqlite: BetterSqlite3.Database
  kysely: Kysely<Database>
  /** the prepared statements Kysely reuses (see StatementCache) */
  statements: StatementCache
}

export interface OpenDatabaseOptions {
  /** distinct SQL texts kept prepared for Kysely; 0 prepares every query afresh */
  statementCacheSize?: number
}

/**
 * Opens (creating if needed) a SQLite file with the appliance pragmas, PocketBase's order:
 * busy_timeout first so the following pragmas already wait on a locked file instead of failing;
 * WAL so readers never block the writer; synchronous=NORMAL is durable in WAL mode except for the
 * last transactions on power loss; foreign_keys is per connection and off by default in SQLite.
 * @example const { sqlite, kysely } = openDatabase('data/outpost.db')
 */
export function openDatabase(file: string | ':memory:', options: OpenDatabaseOptions = {}): OpenDatabase {
  const sqlite = new BetterSqlite3(file)
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('temp_store = MEMORY')
  const statements = new StatementCache(sqlite, options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE)
  const kysely = new Kysely<Database>({ dialect: new OutpostSqliteDialect({ database: statements }) })
  return { sqlite, kysely, statements }
}
