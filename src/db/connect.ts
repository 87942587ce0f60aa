// Opens the one SQLite connection of the process and builds the one raw Kysely instance.
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely'
import { SqliteCompiler } from './dialect-compilers.ts'
import type { Database } from './schema.ts'
import { WriteHealth } from './write-health.ts'
import { DEFAULT_STATEMENT_CACHE_SIZE, StatementCache } from './statement-cache.ts'

// SQLite has transactional DDL, but Kysely's adapter says it has not, so its Migrator would run
// each migration without a transaction and a failure halfway would leave a half-built schema.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

const WRITE = /^\s*(insert|update|delete|replace|commit)\b/i

/** Reports every statement's failure, and each successful write, to the database's WriteHealth. */
class WatchedConnection implements DatabaseConnection {
  readonly #inner: DatabaseConnection
  readonly #sqlite: BetterSqlite3.Database
  readonly #health: WriteHealth
  constructor(inner: DatabaseConnection, sqlite: BetterSqlite3.Database, health: WriteHealth) {
    this.#inner = inner
    this.#sqlite = sqlite
    this.#health = health
  }
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.#inner.executeQuery<R>(query)
      if (!this.#sqlite.inTransaction && WRITE.test(query.sql)) this.#health.noteWrite()
      return result
    } catch (err) {
      this.#health.noteError(err)
      throw err
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.#inner.streamQuery<R>(query, chunkSize)
  }
}

class OutpostSqliteDriver extends SqliteDriver {
  readonly #sqlite: BetterSqlite3.Database
  readonly #health: WriteHealth
  #watched: WatchedConnection | undefined
  constructor(config: SqliteDialectConfig, sqlite: BetterSqlite3.Database, health: WriteHealth) {
    super(config)
    this.#sqlite = sqlite
    this.#health = health
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection()
    this.#watched ??= new WatchedConnection(inner, this.#sqlite, this.#health)
    return this.#watched
  }
  // On SQLITE_FULL (and IOERR, NOMEM) SQLite may already have rolled the whole transaction back.
  // A ROLLBACK then fails with "cannot rollback - no transaction is active", and Kysely would
  // throw that error instead of the real cause.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#sqlite.inTransaction) await super.rollbackTransaction(connection)
  }
}

class OutpostSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig
  readonly #sqlite: BetterSqlite3.Database
  readonly #health: WriteHealth
  /** `config.database` is the statement cache; `sqlite` the connection it prepares on */
  constructor(config: SqliteDialectConfig, sqlite: BetterSqlite3.Database, health: WriteHealth) {
    super(config)
    this.#config = config
    this.#sqlite = sqlite
    this.#health = health
  }
  override createDriver(): Driver {
    return new OutpostSqliteDriver(this.#config, this.#sqlite, this.#health)
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
  // spells dialect.ts's reserved functions (full text) for SQLite
  override createQueryCompiler(): QueryCompiler {
    return new SqliteCompiler()
  }
}

export interface OpenDatabase {
  sqlite: BetterSqlite3.Database
  kysely: Kysely<Database>
  /** whether writes currently fail because the disk is full */
  writeHealth: WriteHealth
  /** the prepared statements Kysely reuses (see StatementCache) */
  statements: StatementCache
}

export interface OpenDatabaseOptions {
  /** distinct SQL texts kept prepared for Kysely; 0 prepares every query afresh */
  statementCacheSize?: number
  /** the clock WriteHealth uses */
  now?: () => number
}

/**
 * Opens (creating if needed) a SQLite file with the appliance pragmas, PocketBase's order:
 * busy_timeout first so the following pragmas already wait on a locked file instead of failing;
 * WAL so readers never block the writer; synchronous=NORMAL is durable in WAL mode except for the
 * last transactions on power loss; foreign_keys is per connection and off by default in SQLite.
 * @example const { sqlite, kysely } = openDatabase('data/outpost.db')
 */
export function openDatabase(
  file: string | ':memory:',
  options: OpenDatabaseOptions = {},
): OpenDatabase {
  const sqlite = new BetterSqlite3(file)
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('temp_store = MEMORY')
  // The probe rewrites the header's user_version (unused otherwise) with its own value: one page
  // through the WAL, the smallest real write there is. Inside someone's open transaction it would
  // become part of it, so it waits for the next check.
  const probe = (): boolean => {
    if (sqlite.inTransaction) return false
    sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`)
    return true
  }
  const writeHealth = new WriteHealth(
    file === ':memory:' ? undefined : dirname(file),
    options.now ?? Date.now,
    probe,
  )
  const statements = new StatementCache(
    sqlite,
    options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE,
  )
  const dialect = new OutpostSqliteDialect({ database: statements }, sqlite, writeHealth)
  const kysely = new Kysely<Database>({ dialect })
  return { sqlite, kysely, writeHealth, statements }
}
