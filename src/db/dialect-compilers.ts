// The query compilers of the two dialects. dialect.ts writes the few dialect-specific
// expressions as calls of reserved function names (`outpost_*`, and `instr`); each compiler
// spells them for its engine when the query is compiled, so one query builder serves both.
import {
  PostgresQueryCompiler,
  SqliteQueryCompiler,
  type FunctionNode,
  type OperationNode,
} from 'kysely'
import { fts5ToTsquery } from './migrations-pg/full-text.ts'

export const FTS_MATCH = 'outpost_fts_match'
export const FTS_RANK = 'outpost_fts_rank'

interface ValueLike extends OperationNode {
  readonly kind: 'ValueNode'
  readonly value: unknown
}

// the query argument is a ValueNode, or sql.val()'s RawNode around one
function queryText(node: OperationNode | undefined): string {
  const raw = node as { kind?: string; parameters?: readonly OperationNode[] } | undefined
  const value = raw?.kind === 'RawNode' ? raw.parameters?.[0] : node
  const v = (value as ValueLike | undefined)?.value
  if (typeof v !== 'string') throw new Error('full-text query must be a string value')
  return v
}

/** SQLite: `instr` is native; full text is FTS5 (`col MATCH ?`, the hidden `rank` column). */
export class SqliteCompiler extends SqliteQueryCompiler {
  protected override visitFunction(node: FunctionNode): void {
    if (node.func === FTS_MATCH) {
      this.visitNode(node.arguments[0]!)
      this.append(' MATCH ')
      this.visitNode(node.arguments[1]!)
      return
    }
    if (node.func === FTS_RANK) {
      this.append('rank')
      return
    }
    super.visitFunction(node)
  }
}

/**
 * PostgreSQL: `strpos` for `instr`; full text as outpost_fts_vector(col) @@ to_tsquery('simple', …) and
 * ts_rank, with the FTS5 query translated by fts5ToTsquery (pgddl's migrations-pg/full-text.ts).
 */
export class PgCompiler extends PostgresQueryCompiler {
  protected override visitFunction(node: FunctionNode): void {
    if (node.func === 'instr') {
      super.visitFunction({ ...node, func: 'strpos' })
      return
    }
    if (node.func === FTS_MATCH) {
      this.#vector(node.arguments[0]!)
      this.append(' @@ ')
      this.#tsquery(queryText(node.arguments[1]))
      return
    }
    if (node.func === FTS_RANK) {
      // negated: lower is better, like FTS5's rank, so `orderBy(rank)` is best first on both
      this.append('(-ts_rank(')
      this.#vector(node.arguments[0]!)
      this.append(', ')
      this.#tsquery(queryText(node.arguments[1]))
      this.append('))')
      return
    }
    super.visitFunction(node)
  }

  // the expression the GIN indexes are built on (migrations-pg/full-text.ts), so they serve it
  #vector(column: OperationNode): void {
    this.append('outpost_fts_vector(')
    this.visitNode(column)
    this.append(')')
  }

  #tsquery(fts: string): void {
    this.append(`to_tsquery('simple', `)
    this.appendValue(fts5ToTsquery(fts))
    this.append(')')
  }
}
