// Both schemas in one normalized shape, read from the catalogs (sqlite_master and pragmas on one
// side, pg_catalog on the other), so a test can compare them and migrate-to-postgres can check its
// target. Normalized: types to integer/real/text/nocase/blob, a primary key column is NOT NULL,
// defaults without casts, key parts as column names (`col:nocase` for a case-insensitive part,
// `<expr>` for any other expression), CHECKs as the string literals they list.
import type BetterSqlite3 from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { INTERNAL_TABLES } from '../schema.ts'

export interface ColumnShape {
  name: string
  type: string
  notNull: boolean
  default: string | null
}

export interface TableShape {
  kind: 'table' | 'virtual' | 'view'
  columns: ColumnShape[]
  primaryKey: string[]
  /** key strings of unique constraints and unique indexes, sorted */
  uniques: string[]
  /** named indexes not backing a constraint: name → `unique? key` */
  indexes: Record<string, string>
  /** `(cols)->table(cols) on delete ACTION`, sorted */
  foreignKeys: string[]
  /** string literals of the CHECK constraints, sorted */
  checkLiterals: string[]
}

export interface SchemaShape {
  tables: Record<string, TableShape>
  triggers: string[]
}

function normDefault(d: string | null): string | null {
  if (d === null) return null
  let v = d.replace(/::[a-z ]+$/i, '').trim()
  if (/^'-?\d+(\.\d+)?'$/.test(v)) v = v.slice(1, -1)
  return v
}

const SQLITE_TYPES: Record<string, string> = {
  INTEGER: 'integer',
  REAL: 'real',
  TEXT: 'text',
  BLOB: 'blob',
}
const PG_TYPES: Record<string, string> = {
  bigint: 'integer',
  integer: 'integer',
  'double precision': 'real',
  text: 'text',
  citext: 'nocase',
  bytea: 'blob',
}

/** String literals inside the CHECK (…) clauses of a CREATE TABLE statement, numbers left out. */
function checkLiterals(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/\bCHECK\s*\(/gi)) {
    let depth = 0
    let end = m.index + m[0].length - 1
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++
      else if (text[end] === ')' && --depth === 0) break
    }
    out.push(...literals(text.slice(m.index, end + 1)))
  }
  return out.sort()
}

function literals(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)]
    .map((m) => m[1]!.replaceAll("''", "'"))
    .filter((s) => !/^-?\d+(\.\d+)?$/.test(s))
}

interface XInfo {
  cid: number
  name: string | null
  coll: string
  key: number
}

/** Reads the SQLite schema (bookkeeping and FTS5 shadow tables left out). */
export function readSqliteSchema(db: BetterSqlite3.Database): SchemaShape {
  const internal = new Set<string>(INTERNAL_TABLES)
  const masters = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as { type: string; name: string; sql: string | null }[]
  const tables: Record<string, TableShape> = {}
  for (const m of masters.filter((x) => x.type === 'table' && !internal.has(x.name))) {
    const create = m.sql ?? ''
    const virtual = /^CREATE VIRTUAL/i.test(create)
    const cols = db.prepare(`PRAGMA table_info("${m.name}")`).all() as {
      name: string
      type: string
      notnull: number
      dflt_value: string | null
      pk: number
    }[]
    const nocase = (c: string): boolean =>
      new RegExp(`\\b${c}\\s+TEXT\\b[^,\\n]*COLLATE\\s+NOCASE`, 'i').test(create)
    const columns = cols.map((c) => ({
      name: c.name,
      type: nocase(c.name)
        ? 'nocase'
        : (SQLITE_TYPES[c.type.toUpperCase()] ?? c.type.toLowerCase()),
      notNull: c.notnull === 1 || c.pk > 0,
      default: normDefault(c.dflt_value),
    }))
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name)
    const shape: TableShape = {
      kind: virtual ? 'virtual' : 'table',
      columns,
      primaryKey,
      uniques: [],
      indexes: {},
      foreignKeys: [],
      checkLiterals: checkLiterals(create),
    }
    const indexList = db.prepare(`PRAGMA index_list("${m.name}")`).all() as {
      name: string
      unique: number
      origin: string
    }[]
    for (const ix of indexList) {
      if (ix.origin === 'pk') continue
      const parts = (db.prepare(`PRAGMA index_xinfo("${ix.name}")`).all() as XInfo[])
        .filter((x) => x.key === 1)
        .map((x) => {
          if (x.name === null) return '<expr>'
          const colNocase = columns.find((c) => c.name === x.name)?.type === 'nocase'
          return x.coll.toUpperCase() === 'NOCASE' && !colNocase ? `${x.name}:nocase` : x.name
        })
      const key = parts.join(',')
      if (ix.unique === 1) shape.uniques.push(key)
      if (ix.origin === 'c') shape.indexes[ix.name] = `${ix.unique === 1 ? 'unique ' : ''}${key}`
    }
    shape.uniques.sort()
    const fks = db.prepare(`PRAGMA foreign_key_list("${m.name}")`).all() as {
      id: number
      table: string
      from: string
      to: string
      on_delete: string
    }[]
    const byId = new Map<number, typeof fks>()
    for (const f of fks) byId.set(f.id, [...(byId.get(f.id) ?? []), f])
    shape.foreignKeys = [...byId.values()]
      .map(
        (g) =>
          `(${g.map((f) => f.from).join(',')})->${g[0]!.table}(${g.map((f) => f.to).join(',')}) on delete ${g[0]!.on_delete}`,
      )
      .sort()
    tables[m.name] = shape
  }
  const triggers = masters.filter((x) => x.type === 'trigger').map((x) => x.name)
  return { tables, triggers: triggers.sort() }
}

const DELETE_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

function pgKeyPart(part: string): string {
  if (/^\w+$/.test(part)) return part
  const nocase = /^\(*(\w+)\)*::citext\)*$/.exec(part)
  return nocase ? `${nocase[1]}:nocase` : '<expr>'
}

/** Reads the PostgreSQL schema of the current schema (Kysely's bookkeeping left out). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export async function readPostgresSchema(db: Kysely<any>): Promise<SchemaShape> {
  const rels = await sql<{ name: string; kind: string }>`SELECT c.relname AS name, c.relkind AS kind
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
    AND c.relkind IN ('r', 'p', 'v') AND c.relname NOT LIKE 'kysely\\_%'`.execute(db)
  const tables: Record<string, TableShape> = {}
  for (const r of rels.rows) {
    tables[r.name] = {
      kind: r.kind === 'v' ? 'view' : 'table',
      columns: [],
      primaryKey: [],
      uniques: [],
      indexes: {},
      foreignKeys: [],
      checkLiterals: [],
    }
  }
  const cols = await sql<{
    table_name: string
    name: string
    type: string
    not_null: boolean
    dflt: string | null
  }>`SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
      a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db)
  for (const c of cols.rows) {
    tables[c.table_name]?.columns.push({
      name: c.name,
      type: PG_TYPES[c.type] ?? c.type,
      notNull: c.not_null,
      default: normDefault(c.dflt),
    })
  }
  const cons = await sql<{
    table_name: string
    type: string
    def: string
    cols: string[]
    ref: string | null
    ref_cols: string[]
    on_delete: string
  }>`SELECT t.relname AS table_name, k.contype AS type, pg_get_constraintdef(k.oid) AS def,
      array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS cols,
      f.relname AS ref,
      array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) AS ref_cols,
      k.confdeltype AS on_delete
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid LEFT JOIN pg_class f ON f.oid = k.confrelid
    WHERE k.connamespace = current_schema()::regnamespace`.execute(db)
  for (const k of cons.rows) {
    const t = tables[k.table_name]
    if (t === undefined) continue
    if (k.type === 'p') t.primaryKey = k.cols
    if (k.type === 'c') t.checkLiterals.push(...literals(k.def))
    if (k.type === 'f') {
      const action = DELETE_ACTIONS[k.on_delete] ?? k.on_delete
      t.foreignKeys.push(
        `(${k.cols.join(',')})->${k.ref}(${k.ref_cols.join(',')}) on delete ${action}`,
      )
    }
  }
  const idx = await sql<{
    table_name: string
    name: string
    is_unique: boolean
    is_primary: boolean
    backs_constraint: boolean
    parts: string[]
  }>`SELECT t.relname AS table_name, ic.relname AS name, i.indisunique AS is_unique,
      i.indisprimary AS is_primary,
      EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
        AS backs_constraint,
      array(SELECT pg_get_indexdef(i.indexrelid, g.k, true) FROM generate_series(1, i.indnkeyatts) g(k)
        ORDER BY g.k) AS parts
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace`.execute(db)
  for (const ix of idx.rows) {
    const t = tables[ix.table_name]
    if (t === undefined || ix.is_primary) continue
    const key = ix.parts.map(pgKeyPart).join(',')
    if (ix.is_unique) t.uniques.push(key)
    if (!ix.backs_constraint) t.indexes[ix.name] = `${ix.is_unique ? 'unique ' : ''}${key}`
  }
  for (const t of Object.values(tables)) {
    t.uniques.sort()
    t.foreignKeys.sort()
    t.checkLiterals.sort()
  }
  const trg = await sql<{ name: string }>`SELECT g.tgname AS name FROM pg_trigger g
    JOIN pg_class t ON t.oid = g.tgrelid
    WHERE NOT g.tgisinternal AND t.relnamespace = current_schema()::regnamespace`.execute(db)
  return { tables, triggers: trg.rows.map((r) => r.name).sort() }
}
