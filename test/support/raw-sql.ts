// Raw SQL beneath the app, for tests that must look at or tamper with what is stored, on either
// dialect (issue 20: the integration suite runs on SQLite and again on PostgreSQL). On SQLite it
// is the deps' own connection; on PostgreSQL a connection as the superuser to the test's database
// (createTestDeps' pgAdminUrl): no row-level security, like someone holding the database itself.
// Write placeholders as `?`; they become $1, $2… on PostgreSQL.
import { existsSync, readFileSync } from 'node:fs'
import pg from 'pg'
import type { TestDeps } from './db.ts'

type Row = Record<string, unknown>
type Deps = Pick<TestDeps, 'sqlite' | 'pgAdminUrl'>
/** one statement on the raw connection: its rows (none for a statement that returns none) */
export type RawQuery = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

// as the app reads them (connect-pg.ts): int8 and numeric come back as numbers
const INT8 = 20
const NUMERIC = 1700
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

function toPg(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

function sqliteQuery(deps: Deps): RawQuery {
  const db = deps.sqlite
  if (db === undefined) throw new Error('no database: neither SQLite nor a PostgreSQL URL')
  return (sql, params = []) => {
    const statement = db.prepare(sql)
    if (statement.reader) return Promise.resolve(statement.all(...params) as Row[])
    statement.run(...params)
    return Promise.resolve([])
  }
}

async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const pgQuery =
  (client: pg.Client): RawQuery =>
  async (sql, params = []) =>
    (await client.query(toPg(sql), [...params])).rows as Row[]

/**
 * Rows of one raw statement on the test's database.
 * @example await rawQuery(deps, 'SELECT * FROM audit_log WHERE seq = ?', [3])
 */
export async function rawQuery(
  deps: Deps,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  if (deps.pgAdminUrl === undefined) return sqliteQuery(deps)(sql, params)
  return withPgClient(deps.pgAdminUrl, (client) => pgQuery(client)(sql, params))
}

/**
 * The first column of the first row (a count, one value), whatever the dialect names the column.
 * @example expect(await rawValue(deps, 'SELECT count(*) FROM users WHERE id = ?', [id])).toBe(1)
 */
export async function rawValue(
  deps: Deps,
  sql: string,
  params: readonly unknown[] = [],
): Promise<unknown> {
  const [row] = await rawQuery(deps, sql, params)
  return row === undefined ? undefined : Object.values(row)[0]
}

/**
 * Several raw statements in one transaction on one connection (PostgreSQL: SET LOCAL settings
 * such as session_replication_role hold for exactly these statements); rolled back on a throw.
 */
export async function rawTransaction<T>(deps: Deps, fn: (q: RawQuery) => Promise<T>): Promise<T> {
  if (deps.pgAdminUrl === undefined) {
    const q = sqliteQuery(deps)
    await q('BEGIN')
    try {
      const result = await fn(q)
      await q('COMMIT')
      return result
    } catch (err) {
      await q('ROLLBACK')
      throw err
    }
  }
  return withPgClient(deps.pgAdminUrl, async (client) => {
    await client.query('BEGIN')
    try {
      const result = await fn(pgQuery(client))
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK')
      throw err
    }
  })
}

/**
 * Takes the database away under the running app: SQLite's connection is closed, the PostgreSQL
 * database is dropped (its connections cut). deps.close() still works afterwards.
 */
export async function takeDatabaseAway(deps: Deps): Promise<void> {
  if (deps.pgAdminUrl === undefined) {
    sqliteQuery(deps) // throws when there is no database at all
    deps.sqlite?.close()
    return
  }
  const url = new URL(deps.pgAdminUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  url.pathname = '/postgres'
  await withPgClient(url.toString(), async (client) => {
    await client.query(`DROP DATABASE "${name.replace(/"/g, '""')}" WITH (FORCE)`)
  })
}

/**
 * Everything the database holds, as bytes to search: SQLite's file and its WAL as they are on
 * disk; on PostgreSQL every table's rows as text (the server's files are its own).
 * @example expect((await storedBytes(deps)).includes(Buffer.from(password))).toBe(false)
 */
export async function storedBytes(deps: Deps): Promise<Buffer> {
  if (deps.pgAdminUrl === undefined) {
    if (deps.sqlite === undefined)
      throw new Error('no database: neither SQLite nor a PostgreSQL URL')
    const file = deps.sqlite.name
    const files = [file, `${file}-wal`].filter(existsSync)
    return Buffer.concat(files.map((f) => readFileSync(f)))
  }
  return withPgClient(deps.pgAdminUrl, async (client) => {
    const tables = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    const parts: Buffer[] = []
    for (const { name } of tables.rows) {
      const rows = await client.query<{ t: string }>(`SELECT t::text AS t FROM "${name}" t`)
      parts.push(Buffer.from(rows.rows.map((r) => r.t).join('\n')))
    }
    return Buffer.concat(parts)
  })
}
