// One SQLite transaction spanning global and tenant tables: e.g. create a tenant, its first
// membership and the audit entry, all or nothing.
import type { Kysely } from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import { createGlobalDb, type GlobalDb } from './global-db.ts'
import type { Database } from './schema.ts'
import { forTenant, type TenantScope } from './tenant-scope.ts'
import { runMarked } from './tx-context.ts'
import { createUnscoped, type Unscoped } from './unscoped.ts'

export interface Tx {
  /** global tables, inside the transaction */
  readonly global: GlobalDb
  /** one tenant's tables, inside the transaction */
  scope(tenantId: TenantId): TenantScope
  /** cross-tenant reads, inside the transaction (allow-listed importers only) */
  readonly unscoped: Unscoped
}

/**
 * Runs fn in one transaction; commits when it resolves, rolls back when it throws. Inside fn, use
 * only the handles of `tx` (any other handle throws instead of deadlocking), and keep slow work
 * such as password hashing outside: the connection is held until fn ends.
 * @example await withTransaction(deps, async (tx) => {
 *   await tx.global.insertInto('tenants').values(row).execute()
 *   await tx.scope(row.id).insertInto('memberships', membership).execute()
 *   await recordAudit(tx.global, entry, now)
 * })
 */
export function withTransaction<R>(
  deps: { readonly kysely: Kysely<Database> },
  fn: (tx: Tx) => Promise<R>,
): Promise<R> {
  return runMarked(() =>
    deps.kysely.transaction().execute((trx) => {
      const tx: Tx = {
        global: createGlobalDb(trx),
        scope: (tenantId) => forTenant(trx, tenantId),
        unscoped: createUnscoped(trx),
      }
      return fn(tx)
    }),
  )
}
