// PostgreSQL databases for createTestDeps (issue 20), when OUTPOST_TEST_DATABASE_URL (a superuser
// URL of a throwaway server, set by scripts/test.mjs) is given. Each createTestDeps gets a fresh
// `CREATE DATABASE … TEMPLATE` copy of a migrated template and connects as the app role, which
// owns nothing, so row-level security applies to every test exactly as in production; each copy
// is dropped on close. Two things keep this cheap (vitest runs every file in its own process):
// - one template per server and schema: its name carries a digest of src/db/migrations-pg, the
//   first process builds it under an advisory lock, the others reuse it (it is never written to);
// - a spare: while a test runs, the next copy is made in the background under a spare name; the
//   next test of any process claims it by renaming it (atomic: one claimer wins), so the copy's
//   checkpoint and file copy overlap with test work instead of delaying every test's start.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openPostgres } from '../../src/db/connect-pg.ts'
import { migratePostgres } from '../../src/db/migrations-pg/migrate-pg.ts'

export const TEST_APP_ROLE = 'outpost_app'

// any key, the same in every test process: serialises the template build
const TEMPLATE_LOCK = 20_2620

let admin: pg.Pool | undefined
let template: Promise<string> | undefined
let spare: Promise<void> | undefined
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

/** A digest of the PostgreSQL migrations (and their helpers): a changed schema is a new template. */
function schemaDigest(): string {
  const dir = fileURLToPath(new URL('../../src/db/migrations-pg', import.meta.url))
  const hash = createHash('sha256').update(TEST_APP_ROLE)
  for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(join(dir, f)))
  return hash.digest('hex').slice(0, 16)
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

/** The migrated template of this schema, built once per server (under an advisory lock). */
async function sharedTemplate(adminUrl: string, pool: pg.Pool): Promise<string> {
  const name = `outpost_template_${schemaDigest()}`
  const lock = await pool.connect()
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
    const exists = await lock.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) {
      // built under another name and renamed when complete: a crash leaves no half template
      const building = `${name}_${process.pid}`
      await lock.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`)
      await lock.query(`CREATE DATABASE ${building}`)
      await createRole(pool)
      const owner = openPostgres(urlFor(adminUrl, building), { max: 1 })
      try {
        await migratePostgres(owner.kysely, { appRole: TEST_APP_ROLE })
      } finally {
        await owner.kysely.destroy()
      }
      await lock.query(`ALTER DATABASE ${building} RENAME TO ${name}`)
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined)
    lock.release()
  }
  return name
}

const sparePrefix = (from: string): string => `${from.replace('outpost_template_', 'spare_')}_`

/** Renames a spare copy of `from` to `name`; false when there is none (or others took them). */
async function claimSpare(pool: pg.Pool, from: string, name: string): Promise<boolean> {
  const spares = await pool.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1',
    [sparePrefix(from)],
  )
  for (const { datname } of spares.rows) {
    try {
      await pool.query(`ALTER DATABASE ${datname} RENAME TO ${name}`)
      return true
    } catch {
      // another process claimed it first (or it is still being created): try the next one
    }
  }
  return false
}

function makeSpare(pool: pg.Pool, from: string): void {
  const name = `${sparePrefix(from)}${process.pid}_${++counter}`
  spare = pool.query(`CREATE DATABASE ${name} TEMPLATE ${from} STRATEGY FILE_COPY`).then(
    () => undefined,
    () => undefined, // the process ends meanwhile, or the server stops: a spare is optional
  )
}

/**
 * A fresh, migrated database; `url` connects as the app role, `adminUrl` as the superuser.
 * @example const db = await createPgTestDatabase(adminUrl); …; await db.drop()
 */
export async function createPgTestDatabase(
  adminUrl: string,
): Promise<{ url: string; adminUrl: string; name: string; drop(): Promise<void> }> {
  admin ??= new pg.Pool({ connectionString: adminUrl, max: 3, allowExitOnIdle: true })
  const pool = admin
  template ??= sharedTemplate(adminUrl, pool)
  const from = await template
  await spare // this process's own spare, if one is being made, is ready to be claimed
  const name = `t_${process.pid}_${++counter}`
  if (!(await claimSpare(pool, from, name)))
    await pool.query(`CREATE DATABASE ${name} TEMPLATE ${from} STRATEGY FILE_COPY`)
  makeSpare(pool, from)
  return {
    url: urlFor(adminUrl, name, TEST_APP_ROLE),
    adminUrl: urlFor(adminUrl, name),
    name,
    drop: async () => {
      await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
