// The two metrics backends behind one shape, so metrics-backends.test.ts runs the same
// behaviour against samples.db and against a throwaway PostgreSQL (startPostgres()).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SqliteMetricsBackend, type MetricsBackend } from '../../../src/metrics/metrics-backend.ts'
import { openMetricsStore } from '../../../src/metrics/metrics-store.ts'
import { PgMetricsStore } from '../../../src/metrics/pg-metrics-store.ts'
import { parseTableName, type TierName } from '../../../src/metrics/tiers.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

/** One store's storage: open (again, for restarts), its partitions as the database lists them. */
export interface BackendWorld {
  open(): Promise<MetricsBackend>
  /** partition numbers of a tier (row partitions), read from the database, not from the store */
  partitions(tier: TierName): Promise<number[]>
  dispose(): Promise<void>
}

export interface BackendKind {
  name: 'sqlite' | 'postgres'
  setup(): Promise<void>
  world(): Promise<BackendWorld>
  teardown(): Promise<void>
}

export const sqliteKind: BackendKind = {
  name: 'sqlite',
  async setup() {},
  async world() {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-mb-'))
    const file = join(dir, 'samples.db')
    let current: SqliteMetricsBackend | undefined
    return {
      async open() {
        current = new SqliteMetricsBackend(openMetricsStore(file))
        return current
      },
      async partitions(tier) {
        const rows = (current as SqliteMetricsBackend).store.db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
          .all() as { name: string }[]
        return rows
          .map((r) => parseTableName(r.name))
          .filter((p) => p?.tier === tier && !p.packed)
          .map((p) => p!.partition)
          .sort((a, b) => a - b)
      },
      async dispose() {
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
  async teardown() {},
}

let server: TestPostgres | undefined
let pool: pg.Pool | undefined
/** the app role's pool (not a superuser, not the owner): stores write and read through it */
let appPool: pg.Pool | undefined
let schemas = 0

export const postgresKind: BackendKind = {
  name: 'postgres',
  async setup() {
    server = await startPostgres()
    pool = new pg.Pool({ connectionString: server.url, max: 4 })
    server.psql('CREATE ROLE metrics_app LOGIN')
    appPool = new pg.Pool({ connectionString: server.urlFor('postgres', 'metrics_app'), max: 4 })
  },
  async world() {
    // a schema per test: the same server, nothing shared between tests
    const schema = `metrics_t${process.pid}_${++schemas}`
    const p = pool as pg.Pool
    return {
      // as in production: the owner makes the tables, the app role's rows are held to RLS
      open: () => PgMetricsStore.open(appPool as pg.Pool, { schema, ownerPool: p }),
      async partitions(tier) {
        const r = await p.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = to_regclass($1)`,
          [`${schema}.${tier}`],
        )
        return r.rows.map((x) => Number(x.name.split('_')[1])).sort((a, b) => a - b)
      },
      async dispose() {
        await p.query(`DROP SCHEMA ${schema} CASCADE`)
      },
    }
  },
  async teardown() {
    await appPool?.end()
    await pool?.end()
    server?.stop()
  },
}

/** The server and pool of the PostgreSQL kind (PostgreSQL-only tests). */
export function postgresPool(): pg.Pool {
  if (pool === undefined) throw new Error('postgresKind.setup() first')
  return pool
}

/** The app role's pool (role metrics_app: no superuser, owns nothing). */
export function postgresAppPool(): pg.Pool {
  if (appPool === undefined) throw new Error('postgresKind.setup() first')
  return appPool
}

export function postgresServer(): TestPostgres {
  if (server === undefined) throw new Error('postgresKind.setup() first')
  return server
}
