// Which tenant a query runs for, handed from the handle that built it (TenantScope, GlobalDb,
// Unscoped, the raw system handle) to the PostgreSQL driver, which turns it into the transaction-
// local settings row-level security reads. The plugins see each query's id before it is compiled
// and the driver sees the same id on the compiled query, so a WeakMap joins the two without
// changing any query. SQLite ignores it (its isolation is the TenantScope guard alone).
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'

/** `tenant`: one tenant's rows; `global`: the reviewed cross-tenant handles (RLS escape). */
export type QueryMode =
  { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'global' }

const modes = new WeakMap<QueryId, QueryMode>()

/** Records the mode of a query about to be compiled (called by the handles' plugins). */
export function markQuery(queryId: QueryId, mode: QueryMode): void {
  modes.set(queryId, mode)
}

/** The mode a query was built for; undefined for a query built outside every handle. */
export function modeOf(queryId: QueryId | undefined): QueryMode | undefined {
  return queryId === undefined ? undefined : modes.get(queryId)
}

export const GLOBAL_MODE: QueryMode = Object.freeze({ kind: 'global' })

/**
 * Marks every query of the raw handle as cross-tenant. On PostgreSQL the raw `deps.kysely` is the
 * system handle (migrations, src/db internals, test setup); only src/db builds on it.
 */
export class SystemModePlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    markQuery(args.queryId, GLOBAL_MODE)
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}
