// PostgreSQL for the cluster tests (issue 20): a database per test file on the throwaway server
// (startPostgres), the cluster tables of migration 0031 plus the minimal `tenants` table they
// reference, and Kysely handles on separate pools (one per simulated process). restartServer()
// restarts the real server in place (pg_ctl restart keeps its options), for reconnect tests.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { ClusterTables } from '../../src/db/schema-cluster.ts'
import { migrationPg0031Cluster } from '../../src/db/migrations-pg/0031-cluster.ts'
import type { TestPostgres } from './postgres.ts'

export type ClusterDb = Kysely<ClusterTables>

const INT8_OID = 20

/** A pool whose BIGINT columns come back as numbers (epoch ms fit easily). */
export function clusterPool(url: string, max = 5): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // an idle connection cut by a server restart: the pool drops it and opens a new one on demand
  pool.on('error', () => undefined)
  return pool
}

export function clusterKysely(pool: pg.Pool): ClusterDb {
  return new Kysely<ClusterTables>({ dialect: new PostgresDialect({ pool }) })
}

/** Creates database `name` with the cluster tables and `tenants` rows t1…tN; returns its URL. */
export async function createClusterDatabase(
  server: TestPostgres,
  name: string,
  tenants = 3,
): Promise<string> {
  server.psql(`CREATE DATABASE ${name}`)
  const url = server.urlFor(name)
  const pool = clusterPool(url, 1)
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  await sql`CREATE TABLE tenants (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL)`.execute(db)
  for (let i = 1; i <= tenants; i++)
    await sql`INSERT INTO tenants (id, name) VALUES (${`t${i}`}, ${`Tenant ${i}`})`.execute(db)
  await migrationPg0031Cluster.up(db)
  await db.destroy()
  return url
}

/** n devices d0000…, spread over the tenants t1…t3. */
export function deviceRefs(n: number, from = 0): { id: string; tenantId: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${String(from + i).padStart(4, '0')}`,
    tenantId: `t${((from + i) % 3) + 1}`,
  }))
}

function pgCtl(): string {
  const base = '/usr/lib/postgresql'
  const v = readdirSync(base)
    .filter((x) => existsSync(join(base, x, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))[0]
  if (v === undefined) throw new Error('pg_ctl not found: install the Debian package `postgresql`')
  return join(base, v, 'bin', 'pg_ctl')
}

/** Restarts the server (every connection drops); resolves when it accepts connections again. */
export function restartServer(server: TestPostgres): void {
  const dataDir = server.psql('SHOW data_directory').trim()
  const argv = [pgCtl(), '-D', dataDir, '-m', 'immediate', '-w', 'restart']
  const isRoot = process.getuid?.() === 0
  const [cmd, ...args] = isRoot ? ['runuser', '-u', 'postgres', '--', ...argv] : argv
  execFileSync(cmd!, args, { stdio: 'ignore' })
}
