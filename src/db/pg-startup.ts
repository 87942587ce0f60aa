// PostgreSQL at startup (issue 20): reach the server (one clear message naming host and port when
// it does not answer), bring the schema up to date as the owner (migrations, row-level security,
// the app role's grants) and refuse an app role that row-level security would not apply to.
import { sql } from 'kysely'
import type { MigrateResult } from './migrate.ts'
import {
  DatabaseUnavailableError,
  describePgUrl,
  isConnectionError,
  openPostgres,
} from './connect-pg.ts'
import { migratePostgres } from './migrations-pg/migrate-pg.ts'

/** The database named in the URL does not answer (or refuses the login). */
export class PostgresUnavailable extends Error {
  override readonly name = 'PostgresUnavailable'
}

function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username)
  } catch {
    return ''
  }
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string }
  if (e?.code === 'ECONNREFUSED') return 'connection refused'
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found'
  return e?.message ?? String(err)
}

async function reach<T>(url: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (thrown) {
    const err = thrown instanceof DatabaseUnavailableError ? thrown.cause : thrown
    const e = err as { code?: string; message?: string }
    const unreachable =
      isConnectionError(err) ||
      /timeout|terminated|ECONN|connect/i.test(e?.message ?? '') ||
      e?.code === '28P01' ||
      e?.code === '28000' ||
      e?.code === '3D000'
    if (!unreachable) throw err
    throw new PostgresUnavailable(
      `cannot reach PostgreSQL at ${describePgUrl(url)} (${what}): ${reasonOf(err)}`,
      { cause: err },
    )
  }
}

/**
 * Migrates as the owner (OUTPOST_DATABASE_OWNER_URL, else the app URL), then checks the app role.
 * @example const { applied } = await preparePostgres(config.database)
 */
export async function preparePostgres(database: {
  url: string
  ownerUrl: string
}): Promise<MigrateResult> {
  const owner = openPostgres(database.ownerUrl, { max: 1 })
  let result: MigrateResult
  try {
    await reach(database.ownerUrl, 'owner', owner.ping)
    const appUser = userOf(database.url)
    const separate = database.ownerUrl !== database.url && appUser !== userOf(database.ownerUrl)
    result = await migratePostgres(owner.kysely, { appRole: separate ? appUser : undefined })
  } finally {
    await owner.kysely.destroy()
  }
  const app = openPostgres(database.url, { max: 1 })
  try {
    const r = await reach(database.url, 'app role', () =>
      sql<{ rolsuper: boolean; rolbypassrls: boolean; who: string }>`SELECT rolsuper, rolbypassrls,
        current_user AS who FROM pg_roles WHERE rolname = current_user`.execute(app.kysely),
    )
    const row = r.rows[0]
    if (row !== undefined && (row.rolsuper || row.rolbypassrls)) {
      throw new PostgresUnavailable(
        `PostgreSQL role ${row.who} bypasses row-level security (superuser or BYPASSRLS): connect OUTPOST_DATABASE_URL as a plain role (see README, PostgreSQL)`,
      )
    }
  } finally {
    await app.kysely.destroy()
  }
  return result
}
