// createTestDeps(): real Deps on a fresh temp-file SQLite database with every migration applied,
// fixed test secrets, a controllable clock and a silent logger. Call `deps.close()` when done
// (leftover temp dirs are removed when the test process exits anyway).
import type BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type Config } from '../../src/config.ts'
import { closeDeps, createDeps, type Deps, type Secrets } from '../../src/deps.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { createSilentLogger, type Logger } from '../../src/log.ts'
import type { Clock } from '../../src/lib/time.ts'
import { createPgTestDatabase } from './pg-test-db.ts'

/** A clock tests move by hand. Starts at 2026-01-01T00:00:00Z unless told otherwise. */
export interface TestClock extends Clock {
  set(ms: number): void
  advance(ms: number): void
}

export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let current = start
  return {
    now: () => current,
    set: (ms) => {
      current = ms
    },
    advance: (ms) => {
      current += ms
    },
  }
}

export const TEST_SECRETS: Secrets = Object.freeze({
  tokenKey: Buffer.alloc(32, 7),
  masterKey: Buffer.alloc(32, 9),
})

export interface TestDeps extends Deps {
  readonly clock: TestClock
  /** the temp directory holding the database (the config's dataDir) */
  readonly dir: string
  /** on PostgreSQL, a superuser URL of this test's database (see raw-sql.ts); else undefined */
  readonly pgAdminUrl: string | undefined
  close(): Promise<void>
}

export interface TestDepsOptions {
  /** extra OUTPOST_* variables for loadConfig */
  env?: Record<string, string>
  clock?: TestClock
  log?: Logger
  /** see CreateDepsOptions.statementCacheSize */
  statementCacheSize?: number
}

/** a superuser URL of a throwaway PostgreSQL: the tests run on PostgreSQL (scripts/test.mjs) */
const PG_ADMIN_URL = process.env.OUTPOST_TEST_DATABASE_URL || undefined

const dirs = new Set<string>()
let cleanupRegistered = false

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-test-db-'))
  dirs.add(dir)
  if (!cleanupRegistered) {
    cleanupRegistered = true
    process.once('exit', () => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    })
  }
  return dir
}

/**
 * @example const deps = await createTestDeps(); afterEach(() => deps.close())
 */
export async function createTestDeps(options: TestDepsOptions = {}): Promise<TestDeps> {
  const dir = tempDir()
  // PostgreSQL (issue 20): a fresh database from the migrated template, as the app role
  const pgDb = PG_ADMIN_URL === undefined ? undefined : await createPgTestDatabase(PG_ADMIN_URL)
  const config: Config = loadConfig({
    OUTPOST_DATA_DIR: dir,
    OUTPOST_LOG_LEVEL: 'silent',
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_WINBOX_HOST: '127.0.0.1', // remote access (issue 14): forwards on loopback only
    ...(pgDb === undefined ? {} : { OUTPOST_DATABASE_URL: pgDb.url }),
    ...options.env,
  })
  const clock = options.clock ?? createTestClock()
  const deps = createDeps(config, {
    log: options.log ?? createSilentLogger(),
    secrets: TEST_SECRETS,
    clock,
    statementCacheSize: options.statementCacheSize,
  })
  if (pgDb === undefined) await migrateToLatest(deps.kysely)
  let closed = false
  return Object.freeze({
    ...deps,
    clock,
    dir,
    pgAdminUrl: pgDb?.adminUrl,
    close: async () => {
      if (closed) return
      closed = true
      await closeDeps(deps)
      await pgDb?.drop()
      rmSync(dir, { recursive: true, force: true })
      dirs.delete(dir)
    },
  })
}

/**
 * The SQLite connection of a test that by nature tests SQLite (pragmas, FTS5, triggers). Such a
 * test is in the PostgreSQL pass's exclusion list (scripts/test-pg.mjs); on PostgreSQL this throws.
 * @example sqliteOf(deps).pragma('integrity_check', { simple: true })
 */
export function sqliteOf(deps: Pick<Deps, 'sqlite'>): BetterSqlite3.Database {
  if (deps.sqlite === undefined)
    throw new Error('this test reads SQLite directly; it runs on SQLite only')
  return deps.sqlite
}
