// Full-text search on PostgreSQL, replacing FTS5 (for the runtime's dialect functions). The
// indexes are GIN over to_tsvector('simple', col) (0009 body, 0015 msg); a query must spell the
// same expression to use them:
//   WHERE to_tsvector('simple', col) @@ to_tsquery('simple', $1)
//   ORDER BY ts_rank(to_tsvector('simple', col), to_tsquery('simple', $1)) DESC
// with $1 = fts5ToTsquery(<the FTS5 query the services build>).
import { sql, type RawBuilder } from 'kysely'

export const FTS_CONFIG = 'simple'

const TERM = /"((?:[^"]|"")*)"(\*?)|(\S+)/g

/**
 * The app's FTS5 queries (each word a quoted phrase, a trailing `*` for a prefix, all required)
 * as tsquery text: each word a quoted lexeme (the parser splits it into a phrase, as FTS5's
 * tokenizer does), `:*` for a prefix, joined with `&`. No tsquery operator can be injected.
 * @example fts5ToTsquery('"login" "fail"*') // "'login' & 'fail':*"
 */
export function fts5ToTsquery(query: string): string {
  const parts: string[] = []
  for (const m of query.matchAll(TERM)) {
    const word = m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[3] ?? '')
    if (word === '') continue
    const quoted = `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
    parts.push(m[2] === '*' ? `${quoted}:*` : quoted)
  }
  return parts.join(' & ')
}

/** `to_tsvector('simple', col) @@ to_tsquery('simple', …)`: served by the GIN index. */
export function pgFullTextMatch(column: string, fts5Query: string): RawBuilder<boolean> {
  return sql<boolean>`to_tsvector('simple', ${sql.ref(column)}) @@ to_tsquery('simple', ${fts5ToTsquery(fts5Query)})`
}

/** Best match first: order by this DESC. */
export function pgFullTextRank(column: string, fts5Query: string): RawBuilder<number> {
  return sql<number>`ts_rank(to_tsvector('simple', ${sql.ref(column)}), to_tsquery('simple', ${fts5ToTsquery(fts5Query)}))`
}
