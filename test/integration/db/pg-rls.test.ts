// Row-level security on PostgreSQL, tested with raw SQL as the application role (which owns
// nothing and bypasses nothing): without the setting no tenant row is visible or writable, with
// `outpost.tenant_id` only that tenant's rows, another tenant's row is refused, the global scope
// sees all, and deleting a tenant still cascades. Every row-secured table is seeded (pg-rls-seed).
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fts5ToTsquery } from '../../../src/db/migrations-pg/full-text.ts'
import { migratePostgres } from '../../../src/db/migrations-pg/migrate-pg.ts'
import {
  rowSecuredTables,
  TENANT_POLICY,
} from '../../../src/db/migrations-pg/row-level-security.ts'
import { grantAppRole, setupPostgresRoles } from '../../../src/db/migrations-pg/roles.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'
import { insertSql, planRows, type RowPlan } from './pg-rls-seed.ts'

const A = 'tenant-a'
const B = 'tenant-b'
let server: TestPostgres
let owner: pg.Client
let app: pg.Client
let plans: RowPlan[]
const tables = rowSecuredTables()

async function inTx<T>(
  c: pg.Client,
  settings: Record<string, string>,
  f: () => Promise<T>,
): Promise<T> {
  await c.query('BEGIN')
  try {
    for (const [k, v] of Object.entries(settings))
      await c.query('SELECT set_config($1, $2, true)', [k, v])
    return await f()
  } finally {
    await c.query('ROLLBACK')
  }
}

async function tenantsOf(c: pg.Client, table: string): Promise<string[]> {
  const r = await c.query<{ tenant_id: string }>(
    `SELECT tenant_id FROM ${table} ORDER BY tenant_id`,
  )
  return r.rows.map((x) => x.tenant_id)
}

beforeAll(async () => {
  server = await startPostgres()
  server.psql(`CREATE ROLE outpost_owner LOGIN CREATEROLE`)
  server.psql(`CREATE DATABASE rls_check OWNER outpost_owner`)
  const pool = new pg.Pool({
    connectionString: server.urlFor('rls_check', 'outpost_owner'),
    max: 1,
  })
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  await migratePostgres(kysely)
  // the owner creates the app role (CREATEROLE) and grants it row access
  await setupPostgresRoles(kysely, { appRole: 'outpost_app', password: "it's secret" })
  await migratePostgres(kysely, { appRole: 'outpost_app' }) // a rerun changes nothing and grants again
  await kysely.destroy()
  owner = new pg.Client({ connectionString: server.urlFor('rls_check', 'outpost_owner') })
  app = new pg.Client({ connectionString: server.urlFor('rls_check', 'outpost_app') })
  await owner.connect()
  await app.connect()
  plans = await planRows(owner, tables)
  await owner.query('BEGIN')
  await owner.query(`SELECT set_config('outpost.scope', 'global', true)`)
  for (const [no, t] of [A, B].entries()) {
    await owner.query(`INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, 1)`, [t, t])
    if (no === 0) {
      await owner.query(`INSERT INTO users (id, username, password_hash, created_at, updated_at)
        VALUES ('user-1', 'Alice', 'x', 1, 1)`)
    }
    for (const p of plans) await owner.query(...insertSql(p.table, p.row(t, no + 1)))
  }
  await owner.query('COMMIT')
})
afterAll(async () => {
  await app?.end()
  await owner?.end()
  server?.stop()
})

describe('row-level security as the application role', () => {
  it('covers every table with a tenant_id column except the audit log, enabled and forced', async () => {
    const r = await owner.query<{ name: string; rls: boolean; forced: boolean; policies: string }>(
      `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
        (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = $1)::text AS policies
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY 1`,
      [TENANT_POLICY],
    )
    const secured = r.rows.filter((x) => x.rls && x.forced && x.policies === '1').map((x) => x.name)
    expect(r.rows.map((x) => x.name).filter((n) => !secured.includes(n))).toEqual(['audit_log'])
    expect(secured.sort()).toEqual([...tables].sort())
    expect(tables.length).toBeGreaterThan(40)
  })

  it('sees no tenant rows and writes none without the setting', async () => {
    for (const t of tables) expect(await tenantsOf(app, t), t).toEqual([])
    expect((await app.query('SELECT * FROM device_log_search')).rows).toEqual([])
    const upd = await app.query(`UPDATE devices SET notes = 'x'`)
    expect(upd.rowCount).toBe(0)
    const del = await app.query(`DELETE FROM devices`)
    expect(del.rowCount).toBe(0)
    await expect(
      app.query(...insertSql('sites', plans.find((p) => p.table === 'sites')!.row(A, 1, '-new'))),
    ).rejects.toThrow(/row-level security/)
  })

  it('sees exactly the tenant of outpost.tenant_id, and nothing once the transaction ends', async () => {
    await inTx(app, { 'outpost.tenant_id': A }, async () => {
      for (const t of tables) expect(await tenantsOf(app, t), t).toEqual([A])
      const logs = await app.query<{ tenant_id: string }>('SELECT tenant_id FROM device_log_search')
      expect(logs.rows).toEqual([{ tenant_id: A }])
    })
    // SET LOCAL ends with the transaction: the pooled connection carries nothing over
    expect(await tenantsOf(app, 'devices')).toEqual([])
  })

  it("refuses to insert, or move a row into, another tenant's rows", async () => {
    for (const p of plans) {
      await inTx(app, { 'outpost.tenant_id': A }, async () => {
        await expect(
          app.query(...insertSql(p.table, p.row(B, 2, '-new'))),
          p.table,
        ).rejects.toThrow(/row-level security policy/)
      })
    }
    await inTx(app, { 'outpost.tenant_id': A }, async () => {
      expect(
        (await app.query(`UPDATE devices SET notes = 'x' WHERE tenant_id = $1`, [B])).rowCount,
      ).toBe(0)
      expect(
        (await app.query(`DELETE FROM device_events WHERE tenant_id = $1`, [B])).rowCount,
      ).toBe(0)
      // its own tenant is writable
      await app.query(
        ...insertSql('sites', plans.find((p) => p.table === 'sites')!.row(A, 1, '-own')),
      )
    })
    await inTx(app, { 'outpost.tenant_id': A }, async () => {
      await expect(app.query(`UPDATE sites SET tenant_id = $1`, [B])).rejects.toThrow(
        /row-level security/,
      )
    })
  })

  it('lets the global scope (Unscoped handle) see every tenant', async () => {
    await inTx(app, { 'outpost.scope': 'global' }, async () => {
      for (const t of tables) expect(await tenantsOf(app, t), t).toEqual([A, B])
    })
  })

  it('full-text search through the view and the GIN index stays within the tenant', async () => {
    await inTx(app, { 'outpost.tenant_id': B }, async () => {
      const q = `SELECT rowid FROM device_log_search
        WHERE tenant_id = $1 AND outpost_fts_vector(msg) @@ to_tsquery('simple', $2)`
      expect((await app.query(q, [B, fts5ToTsquery('"device_log"*')])).rowCount).toBe(1)
      expect((await app.query(q, [A, fts5ToTsquery('"device_log"*')])).rowCount).toBe(0)
      const s = await app.query(
        `SELECT device_id FROM device_config_search WHERE outpost_fts_vector(body) @@ to_tsquery('simple', $1)
        ORDER BY ts_rank(outpost_fts_vector(body), to_tsquery('simple', $1)) DESC`,
        [fts5ToTsquery('"tenant-b"')],
      )
      expect(s.rows).toEqual([{ device_id: `devices:${B}` }])
    })
  })

  it('keeps the audit log insert-only for the app and refuses roles that bypass the policy', async () => {
    await app.query(`INSERT INTO audit_log (at, actor_kind, actor_name, action, outcome, prev_hash, hash)
      VALUES (1, 'system', 'test', 'x', 'success', 'genesis', 'h1')`)
    await expect(app.query(`UPDATE audit_log SET action = 'y'`)).rejects.toThrow(
      /permission denied/,
    )
    await expect(app.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/)
    await expect(owner.query(`UPDATE audit_log SET action = 'y'`)).rejects.toThrow(/append-only/)
    await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/)
    await expect(app.query(`CREATE TABLE sneaky (id TEXT)`)).rejects.toThrow(/permission denied/)
    const ownerKysely = new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: server.urlFor('rls_check', 'outpost_owner'),
          max: 1,
        }),
      }),
    })
    try {
      await expect(grantAppRole(ownerKysely, 'outpost_owner')).rejects.toThrow(/owns tables/)
      await expect(grantAppRole(ownerKysely, 'postgres')).rejects.toThrow(
        /bypasses row-level security/,
      )
      await expect(grantAppRole(ownerKysely, 'no_such_role')).rejects.toThrow(/does not exist/)
      await expect(grantAppRole(ownerKysely, 'x; DROP TABLE devices')).rejects.toThrow(
        /invalid role name/,
      )
    } finally {
      await ownerKysely.destroy()
    }
  })

  it('still cascades a tenant deletion through the row-secured tables', async () => {
    await app.query(`DELETE FROM tenants WHERE id = $1`, [B])
    await inTx(app, { 'outpost.scope': 'global' }, async () => {
      for (const t of tables) expect(await tenantsOf(app, t), t).not.toContain(B)
    })
  })
})
