// Brings a PostgreSQL database to the latest schema: the migrations (same keys as SQLite), then
// row-level security, then (given an app role) its grants. Run as the owner role.
import type { Kysely } from 'kysely'
import { migrateToLatest, type MigrateResult } from '../migrate.ts'
import { pgMigrations } from './index.ts'
import { applyRowLevelSecurity } from './row-level-security.ts'
import { grantAppRole } from './roles.ts'

/**
 * @example await migratePostgres(ownerDb, { appRole: 'outpost_app' })
 */
export async function migratePostgres(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped like migrateToLatest
  db: Kysely<any>,
  opts: { appRole?: string | undefined } = {},
): Promise<MigrateResult> {
  const result = await migrateToLatest(db, pgMigrations)
  await applyRowLevelSecurity(db)
  if (opts.appRole !== undefined) await grantAppRole(db, opts.appRole)
  return result
}
