// The query compilers of the two dialects. dialect.ts writes the few dialect-specific
// expressions as calls of reserved function names (`outpost_*`, and `instr`); each compiler
// spells them for its engine when the query is compiled, so one query builder serves both.
import {
  PostgresQueryCompiler,
  SqliteQueryCompiler,
  type FunctionNode,
  type OperationNode,
} from 'kysely'

export const FTS_MATCH = 'outpost_fts_match'
export const FTS_RANK = 'outpost_fts_rank'
/** the text search configuration of the PostgreSQL full-text columns (no stemming, like FTS5) */
export const PG_TS_CONFIG = 'simple'

interface ValueLike extends OperationNode {
  readonly kind: 'ValueNode'
  readonly value: unknown
}

function queryText(node: OperationNode | undefined): string {
  const v = (node as ValueLike | undefined)?.value
  return typeof v === 'string' ? v : ''
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
 * The FTS5 queries the app builds (`"word" "other"*`: quoted phrases, all required, an optional
 * prefix star) as PostgreSQL tsquery terms: a phrase becomes phraseto_tsquery, a prefix
 * `'word':*`. Undefined when nothing is left.
 */
export function ftsToTsqueryParts(fts: string): { text: string; prefix: boolean }[] {
  const parts: { text: string; prefix: boolean }[] = []
  const re = /"((?:[^"]|"")*)"(\*)?/g
  for (let m = re.exec(fts); m !== null; m = re.exec(fts)) {
    const text = m[1]!.replaceAll('""', '"')
    if (text.trim() !== '') parts.push({ text, prefix: m[2] === '*' })
  }
  return parts
}

/** PostgreSQL: `strpos` for `instr`; full text on to_tsvector(config, column) with `@@` and ts_rank. */
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
      this.append('ts_rank(')
      this.#vector(node.arguments[0]!)
      this.append(', ')
      this.#tsquery(queryText(node.arguments[1]))
      this.append(') desc')
      return
    }
    super.visitFunction(node)
  }

  #vector(column: OperationNode): void {
    this.append(`to_tsvector('${PG_TS_CONFIG}', `)
    this.visitNode(column)
    this.append(')')
  }

  #tsquery(fts: string): void {
    const parts = ftsToTsqueryParts(fts)
    if (parts.length === 0) {
      // matches nothing, like an FTS5 query without terms
      this.append(`''::tsquery`)
      return
    }
    this.append('(')
    parts.forEach((p, i) => {
      if (i > 0) this.append(' && ')
      if (p.prefix) {
        this.append(`to_tsquery('${PG_TS_CONFIG}', `)
        this.appendValue(`'${p.text.replaceAll("'", "''").replaceAll('\\', '\\\\')}':*`)
        this.append(')')
      } else {
        this.append(`phraseto_tsquery('${PG_TS_CONFIG}', `)
        this.appendValue(p.text)
        this.append(')')
      }
    })
    this.append(')')
  }
}
