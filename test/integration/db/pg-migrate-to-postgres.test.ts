// `outpost-cli migrate-to-postgres` as a real bundled process: a SQLite appliance database with a
// row in every table for two tenants (generated from the catalog, see pg-rls-seed), sealed bytes,
// 1,200 syslog lines and a 1,100-entry audit chain is copied into an empty PostgreSQL database;
// counts, bytes, the chain and the identity sequences are checked there, and a second run, a bad
// URL and an unreachable server are refused with nothing changed.
import BetterSqlite3 from 'better-sqlite3'
import { build } from 'esbuild'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entryHash, GENESIS_HASH } from '../../../src/audit/index.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { readPostgresSchema } from '../../../src/db/migrations-pg/catalog.ts'
import { migratePostgres } from '../../../src/db/migrations-pg/migrate-pg.ts'
import { openMetricsStore } from '../../../src/metrics/metrics-store.ts'
import { freePort } from '../../support/free-port.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import { insertSql, planRows } from './pg-rls-seed.ts'

const root = resolve(import.meta.dirname, '../../..')
const outdir = join(root, 'node_modules', '.cache', `outpost-pgddl-cli-${process.pid}`)
const dir = mkdtempSync(join(tmpdir(), 'outpost-pgddl-copy-'))
const AUDIT = 1100
const LOGS = 1200
const SAMPLES = 120
const blob = randomBytes(4096)
let server: TestPostgres
let lite: BetterSqlite3.Database
let tables: string[]

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(outdir, 'cli.mjs'), 'migrate-to-postgres', ...args], {
    env: { PATH: process.env.PATH, OUTPOST_DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout + r.stderr }
}

async function query<T extends pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: server.urlFor('target') })
  await c.connect()
  try {
    return (await c.query<T>(text, params)).rows
  } finally {
    await c.end()
  }
}

beforeAll(async () => {
  const bundling = build({
    entryPoints: { cli: join(root, 'src/cli.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    logLevel: 'error',
  })
  server = await startPostgres()
  server.psql('CREATE ROLE outpost_owner LOGIN; CREATE ROLE outpost_app LOGIN')
  server.psql('CREATE DATABASE target OWNER outpost_owner')
  server.psql('CREATE DATABASE planning')
  // the row generator reads a migrated PostgreSQL catalog
  const pool = new pg.Pool({ connectionString: server.urlFor('planning'), max: 1 })
  const planning = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  await migratePostgres(planning)
  const schema = await readPostgresSchema(planning)
  tables = Object.keys(schema.tables).filter((t) => schema.tables[t]!.kind === 'table')
  const c = new pg.Client({ connectionString: server.urlFor('planning') })
  await c.connect()
  const plans = await planRows(
    c,
    tables.filter((t) => !['tenants', 'users', 'audit_log'].includes(t)),
  )
  await c.end()
  await planning.destroy()

  lite = new BetterSqlite3(join(dir, 'outpost.db'))
  lite.pragma('journal_mode = WAL')
  await migrateToLatest(new Kysely<unknown>({ dialect: new SqliteDialect({ database: lite }) }))
  const run = (sqlText: string, params: unknown[]): void => {
    lite.prepare(sqlText.replace(/\$\d+/g, '?')).run(...params)
  }
  lite.transaction(() => {
    run(
      `INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES ('user-1', 'Alice', 'x', 1, 1)`,
      [],
    )
    for (const [no, t] of ['tenant-a', 'tenant-b'].entries()) {
      run(`INSERT INTO tenants (id, name, created_at) VALUES (?, ?, 1)`, [t, t])
      // (OR IGNORE: a per-user table takes the one user's row once)
      for (const p of plans) {
        const [text, params] = insertSql(p.table, p.row(t, no + 1))
        run(text.replace('INSERT INTO', 'INSERT OR IGNORE INTO'), params)
      }
    }
    run(`UPDATE device_backups SET sealed = ? WHERE tenant_id = 'tenant-a'`, [blob])
    for (let i = 0; i < LOGS; i++) {
      run(
        `INSERT INTO device_logs (tenant_id, device_id, at, facility, severity, host, app, msg)
        VALUES ('tenant-b', 'devices:tenant-b', ?, 1, 6, 'h', 'dhcp', ?)`,
        [i, `lease ${i}`],
      )
    }
    let prev = GENESIS_HASH
    for (let seq = 1; seq <= AUDIT; seq++) {
      const e = {
        seq,
        at: 1_700_000_000_000 + seq,
        tenant_id: seq % 2 ? 'tenant-a' : null,
        actor_kind: 'system',
        actor_id: null,
        actor_name: 'test',
        ip: null,
        action: `test.${seq}`,
        target_type: null,
        target_id: null,
        target_label: null,
        outcome: 'success',
        details_json: '{"n":1}',
        prev_hash: prev,
      }
      const hash = entryHash(e)
      run(
        `INSERT INTO audit_log (seq, at, tenant_id, actor_kind, actor_id, actor_name, ip, action,
        target_type, target_id, target_label, outcome, details_json, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...Object.values(e), hash],
      )
      prev = hash
    }
  })()
  // chart history: 2 tenants × 2 series × 120 minutes, the older part packed into blocks
  const metrics = openMetricsStore(join(dir, 'samples.db'))
  const now = Date.now()
  for (let i = 0; i < SAMPLES; i++)
    for (const t of ['tenant-a', 'tenant-b'])
      metrics.record(t, `devices:${t}`, now - (SAMPLES - i) * 60_000, [
        { metric: 'cpu', value: i % 100 },
        { metric: 'mem_used', value: 1000 + i },
      ])
  metrics.flush(now)
  metrics.compactAll(now)
  metrics.close()
  await bundling
})
afterAll(() => {
  lite?.close()
  server?.stop()
  rmSync(outdir, { recursive: true, force: true })
  rmSync(dir, { recursive: true, force: true })
})

describe('outpost-cli migrate-to-postgres', () => {
  it('copies every table into an empty database and verifies counts and the audit chain', async () => {
    const r = cli([server.urlFor('target', 'outpost_owner'), 'outpost_app'])
    expect(r.stdout).toContain('every count matches')
    expect(r.stdout).toContain(`audit chain ok on PostgreSQL: ${AUDIT} entries verified`)
    expect(r.code, r.stdout).toBe(0)
    for (const t of tables) {
      const want = (lite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n
      const [got] = await query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)
      expect(Number(got!.n), t).toBe(want)
      if (!['appliance_settings', 'appliance_ca', 'account_deletions'].includes(t)) {
        expect(want, t).toBeGreaterThan(0)
      }
    }
    const [b] = await query<{ sealed: Buffer }>(
      `SELECT sealed FROM device_backups WHERE tenant_id = 'tenant-a'`,
    )
    expect(Buffer.compare(b!.sealed, blob)).toBe(0)
    const [last] = await query<{ hash: string }>(
      `SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
    )
    const lastLite = lite.prepare(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as {
      hash: string
    }
    expect(last!.hash).toBe(lastLite.hash)
    // identities continue after the copied ids
    const [id] = await query<{
      id: string
    }>(`INSERT INTO device_logs (tenant_id, device_id, at, facility,
      severity, host, app, msg) VALUES ('tenant-b', 'devices:tenant-b', 1, 1, 1, 'h', 'a', 'new') RETURNING id`)
    expect(Number(id!.id)).toBeGreaterThan(LOGS)
    // the app role was granted, and row-level security is on
    const app = new pg.Client({ connectionString: server.urlFor('target', 'outpost_app') })
    await app.connect()
    expect((await app.query('SELECT id FROM devices')).rows).toEqual([])
    // the chart history came along, every raw sample, and the app role reads it as its tenant
    expect(r.stdout).toMatch(/copied metrics: 4 series, 480 raw \/ \d+ 5-minute/)
    expect((await app.query('SELECT count(*)::int AS n FROM outpost_metrics.raw')).rows).toEqual([
      { n: 0 },
    ])
    await app.query('BEGIN')
    await app.query(`SELECT set_config('outpost.tenant_id', 'tenant-a', true)`)
    const own = await app.query<{ n: number; top: number }>(
      `SELECT count(*)::int AS n, max(r.value) AS top FROM outpost_metrics.raw r
       JOIN outpost_metrics.series s ON s.id = r.series_id WHERE s.metric = 'mem_used'`,
    )
    await app.query('COMMIT')
    expect(own.rows).toEqual([{ n: SAMPLES, top: 1000 + SAMPLES - 1 }])
    const [m5] = await query<{ n: string }>(`SELECT count(*) AS n FROM outpost_metrics.m5`)
    expect(Number(m5!.n)).toBeGreaterThan(0)
    await app.end()
  })

  it('refuses a database that is not empty, and changes nothing', async () => {
    const before = await query<{ n: string }>(`SELECT count(*) AS n FROM device_logs`)
    const r = cli([server.urlFor('target', 'outpost_owner')])
    expect(r.stdout).toContain('refused: the PostgreSQL database is not empty')
    expect(r.code).toBe(1)
    expect(await query(`SELECT count(*) AS n FROM device_logs`)).toEqual(before)
  })

  it('refuses a missing URL and reports an unreachable server clearly', async () => {
    expect(cli([]).code).toBe(2)
    expect(cli(['/tmp/not-a-url']).stdout).toContain('usage: outpost-cli migrate-to-postgres')
    const r = cli([`postgres://outpost_owner@127.0.0.1:${await freePort()}/target`])
    expect(r.stdout).toMatch(/migrate-to-postgres failed: .*ECONNREFUSED/)
    expect(r.code).toBe(1)
  })
})
