// "SQL stays dialect-neutral outside src/db" (issue 9), checked on the syntax tree of every source
// file: SQLite-only functions, pragmas and syntax may appear only in src/db (dialect.ts,
// migrations, connect.ts), so a PostgreSQL backend changes src/db and nothing else. The same file
// checks that dialect.ts's portable helpers still answer right on SQLite.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { sql } from 'kysely'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { containsText } from '../../../src/db/dialect.ts'
import { openDatabase } from '../../../src/db/connect.ts'

const root = resolve(import.meta.dirname, '../../..')

/** Folders that may speak SQLite, each with its reason. */
const ALLOWED: Record<string, string> = {
  'src/db/': 'the dialect layer itself (connect, migrations, dialect.ts)',
  'src/sim/': 'the RouterOS simulator: no database at all, only device words',
  'src/appliance-backup/':
    'copies and checks the database files themselves (online backup API, integrity_check); another backend brings its own dump',
  'src/metrics/':
    'samples.db, an embedded time-series file kept apart from the main database on purpose; it stays SQLite under a PostgreSQL main database',
}

/** SQLite-only spellings (case-insensitive), each with its portable replacement. */
const SQLITE_ONLY: [RegExp, string][] = [
  [
    /\bjson_(extract|each|tree|group_array|group_object|set|insert|patch)\s*\(/i,
    'JSON in TypeScript, or a helper in src/db',
  ],
  [
    /\b(strftime|datetime|julianday|unixepoch|date|time)\s*\(/i,
    'epoch milliseconds computed in TypeScript',
  ],
  [
    /\b(ifnull|instr|group_concat|printf|last_insert_rowid|changes|total_changes|randomblob|zeroblob)\s*\(/i,
    'coalesce / src/db/dialect.ts',
  ],
  [/\binsert\s+or\s+(replace|ignore|abort|fail|rollback)\b/i, 'insertInto(...).onConflict(...)'],
  [/\breplace\s+into\b/i, 'insertInto(...).onConflict(...)'],
  [/\bpragma\b/i, 'src/db/connect.ts'],
  [/\bglob\b/i, 'like, or a helper in src/db'],
  [/\bmatch\b/i, 'fullTextMatch() in src/db/dialect.ts'],
  [/\bcollate\s+nocase\b/i, 'a lower-cased key column, or a helper in src/db'],
  [/\b(sqlite_master|sqlite_schema|sqlite_sequence|rowid|without\s+rowid)\b/i, 'a real key column'],
]
/** Kysely builder calls that only SQLite (or MySQL) accepts. */
const SQLITE_ONLY_METHODS = new Set([
  'orIgnore',
  'orReplace',
  'orAbort',
  'orFail',
  'orRollback',
  'replaceInto',
])

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

/** The SQL text a node carries: a sql`` template, sql.raw/sql.lit text or a fn('name') call. */
function sqlTextOf(node: ts.Node): string | null {
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'sql') {
    const t = node.template
    return ts.isNoSubstitutionTemplateLiteral(t)
      ? t.text
      : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ? ')
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText()
    const arg = node.arguments[0]
    const literal =
      arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : null
    if (/^sql\.(raw|lit)$/.test(callee)) return literal
    // eb.fn('json_extract', …) or fn<T>('strftime', …): the name is the SQL function
    if (/(^|\.)fn$/.test(callee) && literal !== null) return `${literal}(`
    if (
      /(^|\.)(prepare|exec)$/.test(callee) &&
      literal !== null &&
      /\b(select|insert|update|delete|create|pragma)\b/i.test(literal)
    ) {
      return literal
    }
  }
  return null
}

/** Every SQLite-only site of one file, as `file:line why`. */
function findSites(file: string, text: string): string[] {
  const src = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const out: string[] = []
  const where = (n: ts.Node) =>
    `${file}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`
  const visit = (node: ts.Node): void => {
    const text = sqlTextOf(node)
    const hit = text === null ? undefined : SQLITE_ONLY.find(([re]) => re.test(text))
    if (hit) out.push(`${where(node)} ${hit[0].source} → use ${hit[1]}`)
    if (ts.isPropertyAccessExpression(node) && SQLITE_ONLY_METHODS.has(node.name.text)) {
      out.push(`${where(node)} .${node.name.text}() → use onConflict()`)
    }
    // the driver's type may be named (deps.ts hands the handle around); using it means raw SQLite
    const typeOnly = ts.isImportDeclaration(node) && node.importClause?.isTypeOnly === true
    if (
      ts.isImportDeclaration(node) &&
      !typeOnly &&
      /^['"]better-sqlite3['"]$/.test(node.moduleSpecifier.getText())
    ) {
      out.push(`${where(node)} imports the SQLite driver → go through src/db`)
    }
    ts.forEachChild(node, visit)
  }
  visit(src)
  return out
}

describe('SQL outside src/db', () => {
  it('uses no SQLite-only functions, pragmas or syntax (src/db/dialect.ts holds the few that differ)', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('views')]
    const checked = files.filter((f) => !Object.keys(ALLOWED).some((dir) => f.startsWith(dir)))
    const sites = checked.flatMap((f) => findSites(f, readFileSync(join(root, f), 'utf8')))
    expect(sites).toEqual([])
  })

  it('finds each kind of SQLite-only SQL the rule is for (the check itself is not blind)', () => {
    const samples = [
      "const a = sql`select json_extract(body, '$.x') from t`",
      "const b = sql<number>`strftime('%s', 'now')`",
      'const c = sql`datetime(${x})`',
      'const d = sql`IFNULL(a, b)`',
      "const e = sql.raw('INSERT OR REPLACE INTO t VALUES (1)')",
      'const f = sql`PRAGMA foreign_keys`',
      'const g = sql`name GLOB ${p}`',
      "const h = db.insertInto('t').orIgnore().values(v)",
      "const i = eb.fn('json_extract', [eb.ref('a'), eb.val('$.x')])",
      "import Database from 'better-sqlite3'",
      'const j = sql`body MATCH ${q}`',
      "const m = sqlite.prepare('SELECT id FROM users WHERE username = ? COLLATE NOCASE')",
    ]
    const found = samples.map((s) => findSites('sample.ts', s).length)
    expect(found).toEqual(samples.map(() => 1))
    // string concatenation, coalesce and ON CONFLICT are standard SQL and pass
    const fine = [
      "const k = sql`${a} || ' ' || ${b}`",
      'const l = sql`coalesce(a, b)`',
      "q.onConflict((oc) => oc.column('id').doNothing())",
      "import type Database from 'better-sqlite3'",
    ]
    expect(fine.flatMap((s) => findSites('sample.ts', s))).toEqual([])
  })
})

describe('containsText', () => {
  it('matches case-insensitively and treats % and _ as plain characters', async () => {
    const { kysely } = openDatabase(':memory:')
    try {
      const rows = ['50% off', 'Admin_Login', 'other']
      const hits = async (needle: string) => {
        const out: string[] = []
        for (const r of rows) {
          const q = await sql<{
            hit: number
          }>`select ${containsText(sql.val(r), needle)} as hit`.execute(kysely)
          if (q.rows[0]?.hit === 1) out.push(r)
        }
        return out
      }
      expect(await hits('%')).toEqual(['50% off'])
      expect(await hits('admin_l')).toEqual(['Admin_Login'])
      expect(await hits('_')).toEqual(['Admin_Login'])
    } finally {
      await kysely.destroy()
    }
  })
})
