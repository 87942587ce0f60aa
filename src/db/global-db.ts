// GlobalDb: the handle for appliance-wide tables. Its type has no tenant tables, and its guard
// runs in no-tenant mode, so a query reaching a tenant table (even through a subquery) throws.
import type { Kysely } from 'kysely'
import type { Database, GlobalTables } from './schema.ts'
import { TenantGuardPlugin } from './tenant-guard.ts'
import { currentTx } from './tx-context.ts'

export type GlobalDb = Kysely<GlobalTables>

/**
 * @example const db = createGlobalDb(kysely); await db.selectFrom('users').selectAll().execute()
 */
export function createGlobalDb(db: Kysely<Database>): GlobalDb {
  const tx = db.isTransaction ? currentTx()?.id : undefined
  const guarded = db.withoutPlugins().withPlugin(new TenantGuardPlugin({ kind: 'global' }, tx))
  return guarded as unknown as GlobalDb
}
