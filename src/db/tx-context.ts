// There is one SQLite connection per process and Kysely's SQLite driver lends it to one
// transaction at a time. A query made through a handle that is NOT the transaction's, from inside
// that transaction's callback, would wait for the connection forever (a silent deadlock). This
// module marks the async context of `withTransaction` so such a query throws instead.
import { AsyncLocalStorage } from 'node:async_hooks'
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { GLOBAL_MODE, markQuery } from './query-mode.ts'

export interface TxMarker {
  readonly id: symbol
}

const storage = new AsyncLocalStorage<TxMarker>()

/** Runs `fn` marked as the body of one transaction. */
export function runMarked<R>(fn: (marker: TxMarker) => Promise<R>): Promise<R> {
  if (storage.getStore() !== undefined) {
    throw new Error('nested withTransaction: pass the existing tx down instead')
  }
  const marker: TxMarker = { id: Symbol('tx') }
  return storage.run(marker, () => fn(marker))
}

/** The marker of the transaction whose callback is running, if any. */
export function currentTx(): TxMarker | undefined {
  return storage.getStore()
}

/** Throws when a handle that does not belong to the running transaction is used inside it. */
export function assertOwnTx(handleTx: symbol | undefined): void {
  const current = storage.getStore()
  if (current !== undefined && current.id !== handleTx) {
    throw new Error(
      'query on a handle outside the running transaction would deadlock: use tx.global / tx.scope()',
    )
  }
}

/**
 * Only the transaction fence, for handles without the tenant guard (Unscoped, the raw system
 * handle); their queries run cross-tenant, which on PostgreSQL means the global RLS setting.
 */
export class TxFencePlugin implements KyselyPlugin {
  readonly #tx: symbol | undefined
  constructor(tx: symbol | undefined) {
    this.#tx = tx
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    assertOwnTx(this.#tx)
    markQuery(args.queryId, GLOBAL_MODE)
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}
