// The dependency bag every part of the app receives. Built once in main.ts (or by
// test/support/db.ts in tests); nothing here runs at import time.
import type { Kysely } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import type { Config } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { createGlobalDb, type GlobalDb } from './db/global-db.ts'
import type { Database } from './db/schema.ts'
import { createUnscoped, type Unscoped } from './db/unscoped.ts'
import { systemClock, type Clock } from './lib/time.ts'
import type { Logger } from './log.ts'

export interface Secrets {
  /** HMAC key for access tokens */
  readonly tokenKey: Buffer
  /** wraps the per-tenant data keys that encrypt device credentials */
  readonly masterKey: Buffer
}

export interface Deps {
  readonly config: Config
  readonly log: Logger
  /** global tables only (guarded) */
  readonly db: GlobalDb
  /** reviewed cross-tenant access; allow-listed importers only */
  readonly unscoped: Unscoped
  /** raw handle: only src/db/** builds things on it (forTenant, withTransaction) */
  readonly kysely: Kysely<Database>
  readonly sqlite: BetterSqlite3.Database
  readonly clock: Clock
  readonly secrets: Secrets
}

export interface CreateDepsOptions {
  log: Logger
  secrets: Secrets
  clock?: Clock
  /** database file; config.dbFile when omitted */
  dbFile?: string
  /** prepared statements Kysely keeps (benchmarks pass 0 to compare); the default otherwise */
  statementCacheSize?: number
}

/**
 * Opens the database and assembles Deps. Migrations are applied by the caller (main.ts).
 * @example const deps = createDeps(config, { log, secrets })
 */
export function createDeps(config: Config, options: CreateDepsOptions): Deps {
  const { sqlite, kysely } = openDatabase(options.dbFile ?? config.dbFile, {
    statementCacheSize: options.statementCacheSize,
  })
  return Object.freeze({
    config,
    log: options.log,
    db: createGlobalDb(kysely),
    unscoped: createUnscoped(kysely),
    kysely,
    sqlite,
    clock: options.clock ?? systemClock,
    secrets: options.secrets,
  })
}

/** Closes the database (checkpointing the WAL). */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.kysely.destroy()
}
