// TenantScope: the only way repositories reach tenant tables. Every builder it hands out is
// already filtered by (or stamped with) the scope's tenant, and runs through the tenant guard,
// so a forgotten filter in a join or subquery throws instead of leaking.
import type {
  DeleteQueryBuilder,
  DeleteResult,
  Insertable,
  InsertQueryBuilder,
  InsertResult,
  Kysely,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import type { Database, TenantTable } from './schema.ts'
import { TenantGuardPlugin } from './tenant-guard.ts'
import { currentTx, runMarked } from './tx-context.ts'

/** An insertable row of a tenant table, without `tenant_id`: the scope supplies it. */
export type NewRow<T extends TenantTable> = Omit<Insertable<Database[T]>, 'tenant_id'>

export interface TenantScope {
  readonly tenantId: TenantId
  /** SELECT … FROM table WHERE table.tenant_id = :tenantId */
  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<Database, T, {}>
  /** UPDATE table … WHERE table.tenant_id = :tenantId (changing tenant_id is refused) */
  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult>
  /** DELETE FROM table WHERE table.tenant_id = :tenantId */
  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult>
  /** INSERT INTO table with tenant_id stamped on every row */
  insertInto<T extends TenantTable>(
    table: T,
    rows: NewRow<T> | readonly NewRow<T>[],
  ): InsertQueryBuilder<Database, T, InsertResult>
  /** Runs fn in one transaction (or in the current one when the scope already is transactional). */
  transaction<R>(fn: (scope: TenantScope) => Promise<R>): Promise<R>
}

// The builders are generic over T, which TypeScript cannot follow into `${T}.tenant_id`; this
// minimal shape lets one cast cover all three filters.
interface Filterable<B> {
  where(ref: string, op: '=', value: string): B
}

class Scope implements TenantScope {
  readonly tenantId: TenantId
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>, tenantId: TenantId) {
    this.tenantId = tenantId
    this.#db = db
  }

  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<Database, T, {}> {
    const qb = this.#db.selectFrom(table) as unknown as Filterable<
      SelectQueryBuilder<Database, T, {}>
    >
    return qb.where(`${table}.tenant_id`, '=', this.tenantId)
  }

  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
    const qb = this.#db.updateTable(table) as unknown as Filterable<
      UpdateQueryBuilder<Database, T, T, UpdateResult>
    >
    return qb.where(`${table}.tenant_id`, '=', this.tenantId)
  }

  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
    const qb = this.#db.deleteFrom(table) as unknown as Filterable<
      DeleteQueryBuilder<Database, T, DeleteResult>
    >
    return qb.where(`${table}.tenant_id`, '=', this.tenantId)
  }

  insertInto<T extends TenantTable>(
    table: T,
    rows: NewRow<T> | readonly NewRow<T>[],
  ): InsertQueryBuilder<Database, T, InsertResult> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly NewRow<T>[]
    // spread first, then tenant_id: a smuggled tenant_id (e.g. via a cast) is overwritten
    const stamped = list.map((r) => ({ ...r, tenant_id: this.tenantId }))
    return this.#db.insertInto(table).values(stamped as never)
  }

  transaction<R>(fn: (scope: TenantScope) => Promise<R>): Promise<R> {
    if (this.#db.isTransaction) return fn(this)
    // marked like withTransaction, so a query on another handle inside fn throws, not deadlocks
    return runMarked(() =>
      this.#db.transaction().execute((trx) => fn(forTenant(trx, this.tenantId))),
    )
  }
}

/**
 * Builds the scope of one tenant on a Kysely handle (the raw one, or a transaction).
 * @example const scope = forTenant(deps.kysely, tenantId)
 *          const keys = await scope.selectFrom('api_keys').selectAll().limit(50).execute()
 */
export function forTenant(db: Kysely<Database>, tenantId: TenantId): TenantScope {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new Error('forTenant needs a tenant id')
  }
  const tx = db.isTransaction ? currentTx()?.id : undefined
  const guarded = db
    .withoutPlugins()
    .withPlugin(new TenantGuardPlugin({ kind: 'tenant', tenantId }, tx))
  return new Scope(guarded, tenantId)
}
