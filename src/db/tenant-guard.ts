// Runtime tenant guard: a Kysely plugin that walks every query before it runs and throws
// TenantScopeViolation when a tenant table could be read or written outside the bound tenant.
// It asserts and never rewrites (rewriting predicates gets subtle with joins, kysely#184; an
// assertion only has to be right about what it rejects) and it fails closed: any shape it does
// not understand is a violation.
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { isTenantTable } from './schema.ts'
import { markQuery } from './query-mode.ts'
import { assertOwnTx } from './tx-context.ts'
import {
  columnRef,
  conjuncts,
  describeSource,
  equality,
  isNode,
  tableName,
  type AnyNode,
  type Source,
} from './tenant-guard-nodes.ts'

/** Thrown when a query could touch tenant data outside the scope it runs in. A bug, never user input. */
export class TenantScopeViolation extends Error {
  override readonly name = 'TenantScopeViolation'
}

/** `tenant`: bound to one tenant id. `global`: no tenant, so any tenant table is refused. */
export type GuardMode = { kind: 'tenant'; tenantId: string } | { kind: 'global' }

type Bound = ReadonlySet<string>
const NONE: Bound = new Set()
const STATEMENTS = new Set([
  'SelectQueryNode',
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
])
// Raw fragments inside a query may carry expressions, never a way to reach another table.
const RAW_FORBIDDEN =
  /\b(select|from|join|insert|update|delete|with|union|into|values|attach|pragma|replace)\b/i
const OWN_ON_JOINS = new Set(['InnerJoin', 'LeftJoin', 'LateralInnerJoin', 'LateralLeftJoin'])

/**
 * The guard plugin. Scoped handles use `new TenantGuardPlugin({ kind: 'tenant', tenantId })`,
 * GlobalDb uses `{ kind: 'global' }`.
 * @example const scoped = kysely.withPlugin(new TenantGuardPlugin({ kind: 'tenant', tenantId }))
 */
export class TenantGuardPlugin implements KyselyPlugin {
  readonly #mode: GuardMode
  readonly #tx: symbol | undefined
  /** `tx`: the withTransaction marker when this handle wraps that transaction. */
  constructor(mode: GuardMode, tx?: symbol) {
    this.#mode = mode
    this.#tx = tx
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    assertOwnTx(this.#tx)
    assertTenantSafe(args.node, this.#mode)
    // PostgreSQL: the driver sets the tenant's row-level security setting (query-mode.ts); a
    // GlobalDb query needs none (its guard refused every tenant table, global tables carry no policy)
    if (this.#mode.kind === 'tenant') markQuery(args.queryId, this.#mode)
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/** Throws TenantScopeViolation unless `node` is safe to run in `mode`. */
export function assertTenantSafe(node: OperationNode, mode: GuardMode): void {
  if (node.kind === 'RawNode') throw new TenantScopeViolation('raw SQL is not allowed here')
  if (!STATEMENTS.has(node.kind)) {
    throw new TenantScopeViolation(`statement ${node.kind} is not allowed here`)
  }
  new GuardWalk(mode).visit(node as AnyNode, NONE)
}

class GuardWalk {
  readonly #mode: GuardMode
  constructor(mode: GuardMode) {
    this.#mode = mode
  }

  visit(node: AnyNode, bound: Bound): void {
    switch (node.kind) {
      case 'SelectQueryNode':
        return this.#statement(node, bound, sourcesOf(node.from, undefined, node.joins))
      case 'UpdateQueryNode':
        this.#checkUpdates(node.updates)
        return this.#statement(node, bound, sourcesOf(node.from, node.table, node.joins))
      case 'DeleteQueryNode':
        return this.#statement(node, bound, sourcesOf(node.from, node.using, node.joins))
      case 'InsertQueryNode':
        return this.#insert(node, bound)
      case 'RawNode':
        return this.#raw(node, bound)
      case 'TableNode':
        // a table in a position that is neither FROM, JOIN, UPDATE, DELETE nor INSERT INTO
        return this.#refuseTenantTable(tableName(node), 'in an unsupported position')
      case 'ReferenceNode':
        // `t.col`: the qualifier names a source, it does not read a table
        return this.visit(node.column as AnyNode, bound)
      default:
        return this.#children(node, bound, NO_SKIP)
    }
  }

  #children(node: AnyNode, bound: Bound, skip: ReadonlySet<string>): void {
    if (LEAVES.has(node.kind)) return
    // for…in rather than Object.entries: this runs on every node of every query
    for (const key in node) {
      const value = node[key]
      if (typeof value !== 'object' || value === null || skip.has(key)) continue
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) this.visit(item, bound)
      } else if (isNode(value)) this.visit(value, bound)
    }
  }

  #statement(node: AnyNode, outer: Bound, sources: LevelSource[]): void {
    if (isNode(node.with)) this.visit(node.with, outer)
    for (const s of sources) if (s.table === undefined) this.visit(s.node, outer)
    const bound = this.#bind(node, outer, sources)
    for (const join of (node.joins as AnyNode[] | undefined) ?? []) {
      if (isNode(join.on)) this.visit(join.on, bound)
    }
    const ops = (node.setOperations as AnyNode[] | undefined) ?? []
    for (const op of ops) this.visit(op, outer)
    this.#children(node, bound, STATEMENT_SKIP)
  }

  #bind(node: AnyNode, outer: Bound, sources: LevelSource[]): Bound {
    const bound = new Set(outer)
    for (const s of sources) if (s.name !== undefined) bound.delete(s.name) // inner names shadow
    let pending = sources.filter((s) => s.table !== undefined && isTenantTable(s.table))
    if (pending.length === 0) return bound
    if (this.#mode.kind === 'global') {
      this.#refuseTenantTable(pending[0]?.table, 'outside a tenant scope')
      return bound
    }
    const shared = conjuncts(node.where as OperationNode | undefined)
    for (const s of sources) {
      if (s.join?.joinType === 'InnerJoin') shared.push(...conjuncts(s.join.on as OperationNode))
    }
    const terms = new Map(pending.map((s) => [s, [...shared, ...ownOn(s)]]))
    const single = sources.length === 1
    for (let progress = true; progress && pending.length > 0;) {
      progress = false
      for (const s of pending) {
        if (!(terms.get(s) ?? []).some((t) => this.#binds(t, s, bound, single))) continue
        bound.add(s.name as string)
        progress = true
      }
      pending = pending.filter((s) => !bound.has(s.name as string))
    }
    const first = pending[0]
    if (first !== undefined) this.#refuseTenantTable(first.table, 'without a tenant_id predicate')
    return bound
  }

  #binds(term: OperationNode, s: LevelSource, bound: Bound, single: boolean): boolean {
    const eq = equality(term)
    if (eq === undefined) return false
    const [l, r] = eq
    return (
      (this.#isOwn(l, s, single) && this.#isBound(r, bound)) ||
      (this.#isOwn(r, s, single) && this.#isBound(l, bound))
    )
  }

  #isOwn(node: AnyNode, s: LevelSource, single: boolean): boolean {
    const ref = columnRef(node)
    if (ref?.column !== 'tenant_id') return false
    return ref.qualifier === undefined ? single : ref.qualifier === s.name
  }

  #isBound(node: AnyNode, bound: Bound): boolean {
    if (this.#mode.kind !== 'tenant') return false
    if (node.kind === 'ValueNode') return node.value === this.#mode.tenantId
    const ref = columnRef(node)
    return ref?.column === 'tenant_id' && ref.qualifier !== undefined && bound.has(ref.qualifier)
  }

  #insert(node: AnyNode, bound: Bound): void {
    const table = tableName(node.into)
    if (table !== undefined && isTenantTable(table)) {
      if (this.#mode.kind === 'global') this.#refuseTenantTable(table, 'outside a tenant scope')
      this.#checkInsertRows(node, table)
      if (node.replace === true || (node.orAction as AnyNode | undefined)?.action === 'replace') {
        throw new TenantScopeViolation(
          `INSERT OR REPLACE into tenant table "${table}" is not allowed`,
        )
      }
      this.#checkUpsert(node.onConflict as AnyNode | undefined, table)
    }
    this.#children(node, bound, INSERT_SKIP)
  }

  #checkInsertRows(node: AnyNode, table: string): void {
    const columns = ((node.columns as AnyNode[] | undefined) ?? []).map((c) => columnRef(c)?.column)
    const index = columns.indexOf('tenant_id')
    const values = node.values as AnyNode | undefined
    if (index < 0 || values?.kind !== 'ValuesNode') {
      throw new TenantScopeViolation(
        `insert into "${table}" must set tenant_id to the scope's tenant`,
      )
    }
    for (const row of values.values as AnyNode[]) {
      const v =
        row.kind === 'PrimitiveValueListNode'
          ? (row.values as unknown[])[index]
          : ((row.values as AnyNode[])[index] as AnyNode | undefined)?.value
      if (this.#mode.kind !== 'tenant' || v !== this.#mode.tenantId) {
        throw new TenantScopeViolation(`insert into "${table}" carries another tenant_id`)
      }
    }
  }

  #checkUpsert(conflict: AnyNode | undefined, table: string): void {
    if (conflict === undefined || conflict.doNothing === true) return
    const target = ((conflict.columns as AnyNode[] | undefined) ?? []).map(
      (c) => columnRef(c)?.column,
    )
    // a conflict on a key that includes tenant_id can only hit a row of the same tenant
    if (!target.includes('tenant_id')) {
      throw new TenantScopeViolation(
        `upsert on "${table}" must target a key that includes tenant_id`,
      )
    }
    this.#checkUpdates(conflict.updates)
  }

  #checkUpdates(updates: unknown): void {
    for (const u of (updates as AnyNode[] | undefined) ?? []) {
      if (columnRef(u.column as AnyNode)?.column !== 'tenant_id') continue
      const value = u.value as AnyNode
      const ok =
        this.#mode.kind === 'tenant' &&
        value.kind === 'ValueNode' &&
        value.value === this.#mode.tenantId
      if (!ok) throw new TenantScopeViolation('tenant_id cannot be changed')
    }
  }

  #raw(node: AnyNode, bound: Bound): void {
    const text = (node.sqlFragments as string[]).join(' ')
    if (RAW_FORBIDDEN.test(text) || mentionsTenantTable(text)) {
      throw new TenantScopeViolation('raw SQL that may reach a table is not allowed here')
    }
    for (const p of node.parameters as AnyNode[]) this.visit(p, bound)
  }

  #refuseTenantTable(table: string | undefined, why: string): void {
    if (table === undefined || !isTenantTable(table)) return
    throw new TenantScopeViolation(`query on tenant table "${table}" ${why}`)
  }
}

interface LevelSource extends Source {
  join: AnyNode | undefined
}

/** A join's own ON terms bind the joined table only when they filter its rows (inner, left). */
function ownOn(s: LevelSource): OperationNode[] {
  const join = s.join
  if (join === undefined || !OWN_ON_JOINS.has(join.joinType as string)) return []
  return conjuncts(join.on as OperationNode | undefined)
}

function sourcesOf(from: unknown, extra: unknown, joins: unknown): LevelSource[] {
  const nodes: OperationNode[] = []
  const f = from as AnyNode | undefined
  if (f?.kind === 'FromNode') nodes.push(...(f.froms as OperationNode[]))
  const e = extra as AnyNode | undefined
  if (e?.kind === 'UsingNode') nodes.push(...(e.tables as OperationNode[]))
  else if (e !== undefined) nodes.push(e)
  const out: LevelSource[] = nodes.map((n) => ({ ...describeSource(n), join: undefined }))
  for (const j of (joins as AnyNode[] | undefined) ?? []) {
    out.push({ ...describeSource(j.table as OperationNode), join: j })
  }
  return out
}

function mentionsTenantTable(text: string): boolean {
  return (text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []).some((w) => isTenantTable(w))
}

const NO_SKIP: ReadonlySet<string> = new Set()
// nodes that never contain other statements or tables
const LEAVES: ReadonlySet<string> = new Set([
  'IdentifierNode',
  'ValueNode',
  'OperatorNode',
  'PrimitiveValueListNode',
  'ColumnNode',
  'SelectAllNode',
  'DefaultInsertValueNode',
])
// handled explicitly by #statement / #insert
const STATEMENT_SKIP: ReadonlySet<string> = new Set([
  'from',
  'table',
  'using',
  'joins',
  'with',
  'setOperations',
])
const INSERT_SKIP: ReadonlySet<string> = new Set(['into', 'columns'])
