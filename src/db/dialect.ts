// The few SQL expressions whose spelling differs between SQLite and PostgreSQL. Code outside
// src/db builds queries with Kysely's portable builder and calls these when it needs one of them,
// so a PostgreSQL backend changes this file, not every repo (test/unit/db/dialect.test.ts checks
// that no SQLite-only SQL is written elsewhere).
import { sql, type Expression, type RawBuilder } from 'kysely'

/**
 * True when `column` contains `needle`, ignoring case, with `%` and `_` as plain characters (no
 * LIKE). SQLite spells it `instr(lower(col), ?) > 0`; PostgreSQL would use `strpos`.
 * @example q.where(() => containsText(sql.ref('audit_log.action'), 'login'))
 */
export function containsText(
  column: Expression<string | null>,
  needle: string,
): RawBuilder<boolean> {
  return sql<boolean>`instr(lower(${column}), ${needle.toLowerCase()}) > 0`
}

/**
 * Full-text match on the search index's `body` column (SQLite FTS5 `MATCH`; PostgreSQL would use
 * a tsvector column and `@@`). `query` is already in the index's query syntax.
 * @example scope.selectFrom('device_config_search').where(fullTextMatch('body', q)).orderBy(fullTextRank())
 */
export function fullTextMatch(column: string, query: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} MATCH ${query}`
}

/**
 * Best full-text match first (FTS5's hidden `rank` column; PostgreSQL would order by `ts_rank`).
 * @example q.orderBy(fullTextRank())
 */
export function fullTextRank(): RawBuilder<number> {
  return sql<number>`rank`
}
