// Pure helpers over Kysely operation nodes used by the tenant guard: conjunct extraction, table
// source naming and `tenant_id` predicate matching. Everything here errs on the side of "not
// bound": a predicate shape it does not recognise simply does not count.
import type { OperationNode } from 'kysely'

/** A node as a bag of properties, for structural inspection. */
export type AnyNode = OperationNode & Record<string, unknown>

export function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string'
  )
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined
}

/** `IdentifierNode` → its name, lower-cased (SQLite identifiers are case-insensitive). */
export function identifierName(node: unknown): string | undefined {
  return isNode(node) && node.kind === 'IdentifierNode' ? lower(node.name) : undefined
}

/** `TableNode` → the table name (schema ignored), lower-cased. */
export function tableName(node: unknown): string | undefined {
  if (!isNode(node) || node.kind !== 'TableNode') return undefined
  const table = node.table as AnyNode
  return identifierName(table.identifier)
}

/** Strips parentheses and `sql.ref()`-style raw wrappers that carry exactly one child. */
export function unwrap(node: OperationNode): OperationNode {
  let current = node as AnyNode
  for (;;) {
    if (current.kind === 'ParensNode') current = current.node as AnyNode
    else if (isTransparentRaw(current)) current = (current.parameters as AnyNode[])[0] as AnyNode
    else return current
  }
}

function isTransparentRaw(node: AnyNode): boolean {
  if (node.kind !== 'RawNode') return false
  const fragments = node.sqlFragments as readonly string[]
  const parameters = node.parameters as readonly unknown[]
  return parameters.length === 1 && fragments.every((f) => f.trim() === '')
}

/** The top-level AND-ed terms of a WHERE/ON clause. Terms under OR are not conjuncts. */
export function conjuncts(node: OperationNode | undefined): OperationNode[] {
  if (node === undefined) return []
  const n = unwrap(node) as AnyNode
  if (n.kind === 'WhereNode') return conjuncts(n.where as OperationNode)
  if (n.kind === 'OnNode') return conjuncts(n.on as OperationNode)
  if (n.kind === 'AndNode') {
    return [...conjuncts(n.left as OperationNode), ...conjuncts(n.right as OperationNode)]
  }
  return [n]
}

/** `left = right` as a pair of unwrapped operands, or undefined for any other shape. */
export function equality(node: OperationNode): [AnyNode, AnyNode] | undefined {
  const n = unwrap(node) as AnyNode
  if (n.kind !== 'BinaryOperationNode') return undefined
  const op = n.operator as AnyNode
  if (op.kind !== 'OperatorNode' || (op.operator !== '=' && op.operator !== '==')) return undefined
  return [
    unwrap(n.leftOperand as OperationNode) as AnyNode,
    unwrap(n.rightOperand as OperationNode) as AnyNode,
  ]
}

/** A column reference: its lower-cased column name and qualifier (undefined when unqualified). */
export function columnRef(node: AnyNode): { column: string; qualifier?: string } | undefined {
  if (node.kind === 'ColumnNode') {
    const column = identifierName(node.column)
    return column === undefined ? undefined : { column }
  }
  if (node.kind !== 'ReferenceNode') return undefined
  const col = node.column as AnyNode
  if (col.kind !== 'ColumnNode') return undefined
  const column = identifierName(col.column)
  if (column === undefined) return undefined
  const qualifier = node.table === undefined ? undefined : tableName(node.table)
  if (node.table !== undefined && qualifier === undefined) return undefined
  return qualifier === undefined ? { column } : { column, qualifier }
}

/** One row source of a query level: a table (possibly aliased) or anything else. */
export interface Source {
  /** name other clauses use to refer to it: the alias, else the table name */
  name: string | undefined
  /** the table name when the source is a plain table */
  table: string | undefined
  node: AnyNode
}

export function describeSource(node: OperationNode): Source {
  const n = node as AnyNode
  if (n.kind === 'TableNode') {
    const t = tableName(n)
    return { name: t, table: t, node: n }
  }
  if (n.kind === 'AliasNode') {
    const inner = n.node as AnyNode
    const alias = identifierName(n.alias)
    if (inner.kind === 'TableNode') return { name: alias, table: tableName(inner), node: n }
    return { name: alias, table: undefined, node: n }
  }
  return { name: undefined, table: undefined, node: n }
}
