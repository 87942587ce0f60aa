// Full-text search on PostgreSQL, replacing FTS5 (for the runtime's dialect functions).
// FTS5's unicode61 tokenizer splits at every non-alphanumeric character; PostgreSQL's parser keeps
// hosts, paths and versions (`/ip`, `Core_Router.01`) as single tokens. So both the indexed text
// and the query words have ASCII punctuation turned into spaces first: the SQL function
// outpost_fts_vector(text) (created in 0009, IMMUTABLE so it can be indexed; the same ASCII
// punctuation as SEPARATORS here, which pg-schema-fts.test.ts checks) for the text,
// fts5ToTsquery for the query. The GIN indexes (0009 body, 0015 msg) are over
// outpost_fts_vector(col), so a query must spell exactly that:
//   WHERE outpost_fts_vector(col) @@ to_tsquery('simple', $1)
//   ORDER BY ts_rank(outpost_fts_vector(col), to_tsquery('simple', $1)) DESC
// with $1 = fts5ToTsquery(<the FTS5 query the services build>).
import { sql, type RawBuilder } from 'kysely'

const TERM = /"((?:[^"]|"")*)"(\*?)|(\S+)/g
const SEPARATORS = /[\s!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+/

/**
 * The app's FTS5 queries (each word a quoted phrase, a trailing `*` for a prefix, all required)
 * as tsquery text: each word split like the indexed text, its parts a phrase (`<->`), the last
 * part `:*` for a prefix, the words joined with `&`. Every part is a quoted lexeme, so no tsquery
 * operator can be injected. '' when nothing searchable is left (matches nothing).
 * @example fts5ToTsquery('"login" "fail"*') // "'login' & 'fail':*"
 */
export function fts5ToTsquery(query: string): string {
  const words: string[] = []
  for (const m of query.matchAll(TERM)) {
    const word = m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[3] ?? '')
    const parts = word.split(SEPARATORS).filter((p) => p !== '')
    if (parts.length === 0) continue
    const quoted = parts.map((p) => `'${p.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`)
    if (m[2] === '*') quoted[quoted.length - 1] += ':*'
    words.push(quoted.length === 1 ? quoted[0]! : `(${quoted.join(' <-> ')})`)
  }
  return words.join(' & ')
}

/** `outpost_fts_vector(col) @@ to_tsquery('simple', …)`: served by the GIN index. */
export function pgFullTextMatch(column: string, fts5Query: string): RawBuilder<boolean> {
  return sql<boolean>`outpost_fts_vector(${sql.ref(column)}) @@ to_tsquery('simple', ${fts5ToTsquery(fts5Query)})`
}

/** Best match first: order by this DESC. */
export function pgFullTextRank(column: string, fts5Query: string): RawBuilder<number> {
  return sql<number>`ts_rank(outpost_fts_vector(${sql.ref(column)}), to_tsquery('simple', ${fts5ToTsquery(fts5Query)}))`
}
