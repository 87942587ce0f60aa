// Unscoped: the reviewed way to read across tenants (a user's memberships in every tenant, the
// scheduler's due devices) and the only place raw SQL may run. Importers are allow-listed
// (db/**, tenants/**, auth/**, poller/scheduler.ts, test/support/**, scripts/**): every new use is a
// review decision.
import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'
import { currentTx, TxFencePlugin } from './tx-context.ts'

export type Unscoped = Kysely<Database>

/** @example const rows = await unscoped.selectFrom('memberships').where('user_id', '=', id).execute() */
export function createUnscoped(db: Kysely<Database>): Unscoped {
  const tx = db.isTransaction ? currentTx()?.id : undefined
  return db.withoutPlugins().withPlugin(new TxFencePlugin(tx))
}
