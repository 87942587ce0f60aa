// Brings a PostgreSQL database to the latest schema: the migrations (same keys as SQLite), then
// row-level security, then (given an app role) its grants. Run as the owner role.
import { sql, type Kysely } from 'kysely'
import { migrateToLatest, type MigrateResult } from '../migrate.ts'
import { pgMigrations } from './index.ts'
import { applyRowLevelSecurity } from './row-level-security.ts'
import { grantAppRole } from './roles.ts'

/** advisory lock key of the owner's setup after the migrations (any constant of ours) */
const SETUP_LOCK = 0x6f757470

/**
 * @example await migratePostgres(ownerDb, { appRole: 'outpost_app' })
 */
export async function migratePostgres(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped like migrateToLatest
  db: Kysely<any>,
  opts: { appRole?: string | undefined } = {},
): Promise<MigrateResult> {
  const result = await migrateToLatest(db, pgMigrations)
  // several processes start at once (issue 20): one at a time, and all or nothing, since
  // concurrent GRANTs fail ("tuple concurrently updated")
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`.execute(tx)
    await applyRowLevelSecurity(tx)
    if (opts.appRole !== undefined) await grantAppRole(tx, opts.appRole)
  })
  return result
}
