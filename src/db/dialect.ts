// The few SQL expressions whose spelling differs between SQLite and PostgreSQL. Code outside
// src/db builds queries with Kysely's portable builder and calls these when it needs one of them;
// each is a call of a reserved function name that the active dialect's compiler spells
// (dialect-compilers.ts), so the same repo code runs on both (test/unit/db/dialect.test.ts checks
// that no SQLite-only SQL is written elsewhere).
import { FunctionNode, sql, type Expression, type OperationNode, type RawBuilder } from 'kysely'
import { FTS_MATCH, FTS_RANK } from './dialect-compilers.ts'

/** A call of `func` that the dialect's compiler may respell. */
function call(func: string, args: readonly Expression<unknown>[]): Expression<unknown> {
  const node: OperationNode = FunctionNode.create(
    func,
    args.map((a) => a.toOperationNode()),
  )
  return { expressionType: undefined, toOperationNode: () => node } as Expression<unknown>
}

/**
 * True when `column` contains `needle`, ignoring case, with `%` and `_` as plain characters (no
 * LIKE). SQLite: `instr(lower(col), ?) > 0`; PostgreSQL: `strpos(lower(col), $1) > 0`.
 * @example q.where(() => containsText(sql.ref('audit_log.action'), 'login'))
 */
export function containsText(
  column: Expression<string | null>,
  needle: string,
): RawBuilder<boolean> {
  return sql<boolean>`${call('instr', [call('lower', [column]), sql.val(needle.toLowerCase())])} > 0`
}

/**
 * Full-text match on a search column. `query` is in FTS5 syntax (quoted phrases, optional prefix
 * `*`): SQLite runs `col MATCH ?` on the FTS5 table; PostgreSQL `outpost_fts_vector(col) @@ …`
 * with the phrases as phraseto_tsquery.
 * @example scope.selectFrom('device_config_search').where(fullTextMatch('body', q)).orderBy(fullTextRank('body', q))
 */
export function fullTextMatch(column: string, query: string): RawBuilder<boolean> {
  return sql<boolean>`${call(FTS_MATCH, [sql.ref(column), sql.val(query)])}`
}

/**
 * A full-text match's rank, lower is better (ascending order = best first): FTS5's hidden `rank`
 * column on SQLite, `-ts_rank(…)` on PostgreSQL (which needs the column and the query again).
 * @example q.orderBy(fullTextRank('body', q))
 */
export function fullTextRank(column: string, query: string): RawBuilder<number> {
  return sql<number>`${call(FTS_RANK, [sql.ref(column), sql.val(query)])}`
}
