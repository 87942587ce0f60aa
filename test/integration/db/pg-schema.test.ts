// The SQLite and PostgreSQL schemas are kept in step: both migration lists are applied (a temp
// SQLite file, a throwaway PostgreSQL) and the catalogs compared table by table: columns
// (normalized type, NOT NULL, default), primary keys, unique keys, named indexes, foreign keys,
// CHECK literals and triggers. The intended differences are listed below and must all still be
// there (so the list stays short and true). A SQLite migration without its mirror fails here.
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { migrations } from '../../../src/db/migrations/index.ts'
import { pgMigrations } from '../../../src/db/migrations-pg/index.ts'
import { migratePostgres } from '../../../src/db/migrations-pg/migrate-pg.ts'
import {
  readPostgresSchema,
  readSqliteSchema,
  type SchemaShape,
} from '../../../src/db/migrations-pg/catalog.ts'
import { startPostgres, type TestPostgres } from '../../support/postgres.ts'

/** What differs on purpose, and why. */
const INTENDED = {
  // FTS5 virtual tables: on PostgreSQL a table (device_config_search) and a view over device_logs
  // (device_log_search, `rowid` = device_logs.id); compared by column names only
  virtualTables: ['device_config_search', 'device_log_search'],
  // GIN full-text indexes, the search table's device index, and the case-insensitive UNIQUE of
  // credential_profiles (SQLite: a NOCASE part of the constraint; here a unique index on name::citext)
  pgOnlyIndexes: [
    'device_config_search.device_config_search_device',
    'device_config_search.device_config_search_body',
    'device_logs.device_logs_msg_fts',
    'credential_profiles.credential_profiles_tenant_name',
  ],
  // the FTS5 index maintenance triggers (a foreign key cascade and the view replace them)
  sqliteOnlyTriggers: ['device_config_search_device_deleted', 'device_logs_ad', 'device_logs_ai'],
  // TRUNCATE does not fire row triggers on PostgreSQL (SQLite has no TRUNCATE)
  pgOnlyTriggers: ['audit_log_no_truncate'],
}

/** Every difference between the two schemas not in INTENDED, one line each. */
function diffSchemas(lite: SchemaShape, post: SchemaShape): string[] {
  const out: string[] = []
  const pgIndexes = new Set(INTENDED.pgOnlyIndexes)
  for (const name of Object.keys(post.tables)) {
    if (!(name in lite.tables)) out.push(`${name}: only on PostgreSQL`)
  }
  for (const [name, l] of Object.entries(lite.tables)) {
    const p = post.tables[name]
    if (p === undefined) {
      out.push(`${name}: only on SQLite`)
      continue
    }
    if (l.kind === 'virtual' && INTENDED.virtualTables.includes(name)) {
      const names = (t: typeof l): string[] =>
        t.columns.map((c) => c.name).filter((c) => c !== 'rowid')
      if (names(l).join() !== names(p).join())
        out.push(`${name}: columns ${names(l)} vs ${names(p)}`)
      continue
    }
    const lc = new Map(l.columns.map((c) => [c.name, c]))
    const pc = new Map(p.columns.map((c) => [c.name, c]))
    for (const c of l.columns) {
      const q = pc.get(c.name)
      if (q === undefined) out.push(`${name}.${c.name}: only on SQLite`)
      else if (JSON.stringify(c) !== JSON.stringify(q)) {
        out.push(`${name}.${c.name}: ${JSON.stringify(c)} vs ${JSON.stringify(q)}`)
      }
    }
    for (const c of p.columns)
      if (!lc.has(c.name)) out.push(`${name}.${c.name}: only on PostgreSQL`)
    const same = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        out.push(`${name} ${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
      }
    }
    same('primary key', l.primaryKey, p.primaryKey)
    same('unique keys', l.uniques, p.uniques)
    const pi = Object.fromEntries(
      Object.entries(p.indexes).filter(([ix]) => !pgIndexes.has(`${name}.${ix}`)),
    )
    same('indexes', sortKeys(l.indexes), sortKeys(pi))
    same('foreign keys', l.foreignKeys, p.foreignKeys)
    same('CHECK literals', l.checkLiterals, p.checkLiterals)
  }
  const lt = lite.triggers.filter((t) => !INTENDED.sqliteOnlyTriggers.includes(t))
  const pt = post.triggers.filter((t) => !INTENDED.pgOnlyTriggers.includes(t))
  if (lt.join() !== pt.join()) out.push(`triggers: ${lt} vs ${pt}`)
  return out
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))
}

let server: TestPostgres
let pgDb: Kysely<unknown>
let dir: string
const sqlites: BetterSqlite3.Database[] = []

let base: Promise<SchemaShape> | undefined
const sqliteSchema = (): Promise<SchemaShape> => (base ??= sqliteWith(migrations))

async function sqliteWith(list: Record<string, Migration>): Promise<SchemaShape> {
  const file = new BetterSqlite3(join(dir, `s${sqlites.length}.db`))
  sqlites.push(file)
  const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) })
  await migrateToLatest(k, list)
  return readSqliteSchema(file)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-pgddl-'))
  server = await startPostgres()
  server.psql('CREATE DATABASE schema_check')
  const pool = new pg.Pool({ connectionString: server.urlFor('schema_check'), max: 2 })
  pgDb = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
  await migratePostgres(pgDb)
})
afterAll(async () => {
  await pgDb?.destroy()
  for (const s of sqlites) s.close()
  server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('PostgreSQL schema kept in step with SQLite', () => {
  it('has one PostgreSQL migration per SQLite migration, same keys, same order', () => {
    expect(Object.keys(pgMigrations)).toEqual(Object.keys(migrations))
  })

  it('has the same tables, columns, keys, indexes, foreign keys and CHECKs (intended differences aside)', async () => {
    const lite = await sqliteSchema()
    const post = await readPostgresSchema(pgDb)
    expect(diffSchemas(lite, post)).toEqual([])
    expect(Object.keys(post.tables).length).toBeGreaterThan(50)
  })

  it('lists only differences that exist', async () => {
    const lite = await sqliteSchema()
    const post = await readPostgresSchema(pgDb)
    for (const t of INTENDED.virtualTables) expect(lite.tables[t]?.kind).toBe('virtual')
    for (const ix of INTENDED.pgOnlyIndexes) {
      const [table, name] = ix.split('.') as [string, string]
      expect(post.tables[table]?.indexes[name], ix).toBeDefined()
      expect(lite.tables[table]?.indexes[name], ix).toBeUndefined()
    }
    for (const t of INTENDED.sqliteOnlyTriggers) expect(lite.triggers).toContain(t)
    for (const t of INTENDED.pgOnlyTriggers) expect(post.triggers).toContain(t)
  })

  it('reports a SQLite migration that has no PostgreSQL mirror', async () => {
    const extra: Migration = {
      async up(db) {
        await sql`CREATE TABLE gadgets (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL)`.execute(db)
        await sql`ALTER TABLE devices ADD COLUMN colour TEXT`.execute(db)
        await sql`CREATE INDEX devices_colour ON devices (tenant_id, colour)`.execute(db)
      },
    }
    const lite = await sqliteWith({ ...migrations, '9999-gadgets': extra })
    const diff = diffSchemas(lite, await readPostgresSchema(pgDb))
    expect(diff).toContain('gadgets: only on SQLite')
    expect(diff).toContain('devices.colour: only on SQLite')
    expect(diff.some((d) => d.startsWith('devices indexes:'))).toBe(true)
  })
})
