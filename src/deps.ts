// The dependency bag every part of the app receives. Built once in main.ts (or by
// test/support/db.ts in tests); nothing here runs at import time.
import type { Kysely } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import type { Config } from './config.ts'
import { openDatabase } from './db/connect.ts'
// PostgreSQL (issue 20): the pool when OUTPOST_DATABASE_URL is set
import { openPostgres, type OpenPostgres } from './db/connect-pg.ts'
import { createGlobalDb, type GlobalDb } from './db/global-db.ts'
import type { Database } from './db/schema.ts'
import { createUnscoped, type Unscoped } from './db/unscoped.ts'
import { WriteHealth } from './db/write-health.ts'
import { DeviceAccess } from './device-access/index.ts'
import { createFleetFeed, type FleetFeed } from './poller/fleet-feed.ts'
import { KeyUseLog } from './lib/key-use.ts'
import { systemClock, type Clock } from './lib/time.ts'
import type { Logger } from './log.ts'
// WireGuard overlay (issue 14): the process's interface runtime, started by startup.ts
import { OverlayRuntime } from './overlay/overlay-runtime.ts'
// sealed audit details (issue 19): recordAudit finds the key through the database handle
import { AuditKeys, registerAuditKeys } from './audit/index.ts'

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
  /** the SQLite connection; undefined on PostgreSQL (check `dialect` / `pg` first) */
  readonly sqlite: BetterSqlite3.Database | undefined
  /** PostgreSQL (issue 20): which engine holds the data, and the pool when it is PostgreSQL */
  readonly dialect: 'sqlite' | 'postgres'
  readonly pg: OpenPostgres | undefined
  /** whether writes currently fail because the disk is full (banner, readiness, error answers) */
  readonly writeHealth: WriteHealth
  readonly clock: Clock
  readonly secrets: Secrets
  /** device sessions outside the poller (checks, SSH), one per process so its limits hold */
  readonly deviceAccess: DeviceAccess
  /** DASHBOARD ← POLLER: the port the poller publishes typed events and snapshots through */
  readonly fleet: FleetFeed
  /** counts decryptions of tenant secrets until the privacy domain writes them (issue 19) */
  readonly keyUse: KeyUseLog
  /** the WireGuard overlay interface of this process (started by startup.ts; idle until then) */
  readonly overlay: OverlayRuntime
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
  const clock = options.clock ?? systemClock
  const pg =
    config.database === undefined
      ? undefined
      : openPostgres(config.database.url, {
          onIdleError: (err) =>
            options.log.warn({ err }, 'an idle PostgreSQL connection failed; it is replaced'),
        })
  const { sqlite, kysely, writeHealth } =
    pg === undefined
      ? openDatabase(options.dbFile ?? config.dbFile, {
          statementCacheSize: options.statementCacheSize,
          now: () => clock.now(),
        })
      : {
          sqlite: undefined,
          kysely: pg.kysely,
          writeHealth: new WriteHealth(
            undefined,
            () => clock.now(),
            () => false,
          ),
        }
  writeHealth.onChange((full, err) => {
    if (full)
      options.log.error(
        { err, code: 'disk_full', dataDir: config.dataDir },
        'database writes fail: the appliance disk is full',
      )
    else
      options.log.info(
        { dataDir: config.dataDir },
        'database writes succeed again: the appliance disk has room',
      )
  })
  const keyUse = new KeyUseLog()
  registerAuditKeys(kysely, new AuditKeys(options.secrets.masterKey))
  return Object.freeze({
    config,
    log: options.log,
    db: createGlobalDb(kysely),
    unscoped: createUnscoped(kysely),
    kysely,
    sqlite,
    dialect: pg === undefined ? 'sqlite' : 'postgres',
    pg,
    writeHealth,
    clock,
    secrets: options.secrets,
    deviceAccess: new DeviceAccess({ secrets: options.secrets, clock, keyUse }),
    keyUse,
    fleet: createFleetFeed((err, name) =>
      options.log.error({ err, event: name }, 'event subscriber failed'),
    ),
    overlay: new OverlayRuntime(config.overlay),
  })
}

/** Closes the database (checkpointing the WAL). */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.overlay.stop()
  await deps.kysely.destroy()
}
