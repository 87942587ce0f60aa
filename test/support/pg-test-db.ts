// PostgreSQL databases for createTestDeps (issue 20), when OUTPOST_TEST_DATABASE_URL (a superuser
// URL of a throwaway server, set by scripts/test.mjs) is given: the schema is migrated once per
// test process into a template database, then each createTestDeps gets `CREATE DATABASE … TEMPLATE`
// (a file copy, ~tens of ms) and connects as the app role, which owns nothing, so row-level
// security applies to every test exactly as in production. Each database is dropped on close.
import pg from 'pg'
import { openPostgres } from '../../src/db/connect-pg.ts'
import { migratePostgres } from '../../src/db/migrations-pg/migrate-pg.ts'

export const TEST_APP_ROLE = 'outpost_app'

let admin: pg.Pool | undefined
let template: Promise<string> | undefined
let counter = 0

function urlFor(base: string, database: string, user?: string): string {
  const u = new URL(base)
  u.pathname = `/${database}`
  if (user !== undefined) {
    u.username = user
    u.password = ''
  }
  return u.toString()
}

async function createRole(pool: pg.Pool): Promise<void> {
  try {
    const exists = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEST_APP_ROLE])
    if (exists.rowCount === 0) await pool.query(`CREATE ROLE ${TEST_APP_ROLE} LOGIN`)
  } catch (err) {
    // another test process created it meanwhile (roles are per server)
    const code = (err as { code?: string }).code
    if (code !== '42710' && code !== '23505' && code !== 'XX000') throw err
  }
}

async function migrateTemplate(adminUrl: string, pool: pg.Pool): Promise<string> {
  const name = `outpost_template_${process.pid}`
  await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await pool.query(`CREATE DATABASE ${name}`)
  await createRole(pool)
  const owner = openPostgres(urlFor(adminUrl, name), { max: 1 })
  try {
    await migratePostgres(owner.kysely, { appRole: TEST_APP_ROLE })
  } finally {
    await owner.kysely.destroy()
  }
  return name
}

/**
 * A fresh, migrated database; `url` connects as the app role, `adminUrl` as the superuser.
 * @example const db = await createPgTestDatabase(adminUrl); …; await db.drop()
 */
export async function createPgTestDatabase(
  adminUrl: string,
): Promise<{ url: string; adminUrl: string; name: string; drop(): Promise<void> }> {
  admin ??= new pg.Pool({ connectionString: adminUrl, max: 2, allowExitOnIdle: true })
  const pool = admin
  template ??= migrateTemplate(adminUrl, pool)
  const from = await template
  const name = `t_${process.pid}_${++counter}`
  await pool.query(`CREATE DATABASE ${name} TEMPLATE ${from} STRATEGY FILE_COPY`)
  return {
    url: urlFor(adminUrl, name, TEST_APP_ROLE),
    adminUrl: urlFor(adminUrl, name),
    name,
    drop: async () => {
      await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
