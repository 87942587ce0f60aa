// `outpost-cli migrate-to-postgres`: copies a SQLite appliance database into an empty PostgreSQL
// database. The source is read in one read transaction (a consistent snapshot, even while the
// service keeps writing in WAL mode); the target is migrated (pgMigrations, row-level security,
// the app role's grants) and filled in one transaction in the global scope, parents before
// children, in batches, keeping every value as stored: sealed credentials, backups and reports
// are bytes copied unchanged (the same master key opens them), the audit log keeps its seq and
// hashes. Identity sequences continue after the highest id. Then rows are counted on both sides
// and the audit chain walked on the target. A failure leaves the target empty (one transaction).
import type BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { knownMigrations } from './migrate.ts'
import { readPostgresSchema } from './migrations-pg/catalog.ts'
import { migratePostgres } from './migrations-pg/migrate-pg.ts'
import { TENANT_VIEWS } from './migrations-pg/row-level-security.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- copies whatever the schema holds
type AnyDb = Kysely<any>

export class MigrateToPostgresError extends Error {
  override readonly name = 'MigrateToPostgresError'
}

export interface TableCount {
  table: string
  source: number
  target: number
}

export interface CopyReport {
  tables: TableCount[]
  rows: number
}

/** A Kysely handle on the target; int8 columns come back as numbers, like SQLite's integers. */
export function openPostgresTarget(url: string): AnyDb {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as never,
  }
  const pool = new pg.Pool({ connectionString: url, max: 2, types })
  return new Kysely({ dialect: new PostgresDialect({ pool }) })
}

/** Tables to copy, parents first (views are derived: device_log_search reads device_logs). */
async function copyOrder(target: AnyDb): Promise<{ table: string; columns: string[] }[]> {
  const schema = await readPostgresSchema(target)
  const tables = Object.entries(schema.tables).filter(
    ([name, t]) => t.kind === 'table' && !TENANT_VIEWS.includes(name),
  )
  const deps = new Map(
    tables.map(([name, t]) => [
      name,
      t.foreignKeys.map((fk) => /->(\w+)\(/.exec(fk)![1]!).filter((p) => p !== name),
    ]),
  )
  const ordered: { table: string; columns: string[] }[] = []
  const seen = new Set<string>()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    for (const p of deps.get(name) ?? []) visit(p)
    ordered.push({ table: name, columns: schema.tables[name]!.columns.map((c) => c.name) })
  }
  for (const [name] of tables) visit(name)
  return ordered
}

/** Runs `f` in a transaction in the global scope: row-level security is forced on the owner too. */
function inGlobalScope<T>(target: AnyDb, f: (tx: AnyDb) => Promise<T>): Promise<T> {
  return target.transaction().execute(async (tx) => {
    await sql`SELECT set_config('outpost.scope', 'global', true)`.execute(tx)
    return f(tx)
  })
}

async function countRows(target: AnyDb, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(target)
  return Number(r.rows[0]!.n)
}

function checkSource(source: BetterSqlite3.Database): void {
  const applied = (
    source.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]
  ).map((r) => r.name)
  const known = knownMigrations()
  if (applied.join() !== known.join()) {
    throw new MigrateToPostgresError(
      `the SQLite database is not at this version's schema (${applied.length} of ${known.length} migrations): start this version of Outpost on it once first`,
    )
  }
}

async function checkTargetEmpty(target: AnyDb): Promise<void> {
  const schema = await readPostgresSchema(target)
  const tables = Object.entries(schema.tables).filter(([, t]) => t.kind === 'table')
  await inGlobalScope(target, async (tx) => {
    for (const [name] of tables) {
      if ((await countRows(tx, name)) > 0) {
        throw new MigrateToPostgresError(
          `the PostgreSQL database is not empty (table ${name} has rows)`,
        )
      }
    }
  })
}

/** Identity columns continue after the highest copied id (and SQLite's AUTOINCREMENT counter). */
async function advanceSequences(tx: AnyDb, source: BetterSqlite3.Database): Promise<void> {
  const ids = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name
    FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(
    tx,
  )
  for (const { table_name: t, column_name: c } of ids.rows) {
    const max = source.prepare(`SELECT max("${c}") AS m FROM "${t}"`).get() as { m: number | null }
    const issued = source.prepare(`SELECT seq FROM sqlite_sequence WHERE name = ?`).get(t) as
      { seq: number } | undefined
    const next = Math.max(max.m ?? 0, issued?.seq ?? 0)
    if (next > 0) {
      await sql`SELECT setval(pg_get_serial_sequence(${t}, ${c}), ${next})`.execute(tx)
    }
  }
}

/**
 * Copies every table; throws MigrateToPostgresError (target left empty) when the source is not
 * at this version's schema, the target is not empty, or the counts differ afterwards.
 * @example const report = await copySqliteToPostgres(sqlite, openPostgresTarget(url), { appRole: 'outpost_app' })
 */
export async function copySqliteToPostgres(
  source: BetterSqlite3.Database,
  target: AnyDb,
  opts: {
    appRole?: string | undefined
    batchRows?: number
    progress?: (line: string) => void
  } = {},
): Promise<CopyReport> {
  checkSource(source)
  await checkTargetEmpty(target)
  await migratePostgres(target, { appRole: opts.appRole })
  const order = await copyOrder(target)
  const tables: TableCount[] = []
  source.exec('BEGIN') // one snapshot of the source for the copy and the counts
  try {
    await inGlobalScope(target, async (tx) => {
      for (const { table, columns } of order) {
        const limit = Math.max(
          1,
          Math.min(opts.batchRows ?? 500, Math.floor(30_000 / columns.length)),
        )
        const select = source.prepare(
          `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`,
        )
        let batch: Record<string, unknown>[] = []
        let copied = 0
        const flush = async (): Promise<void> => {
          if (batch.length === 0) return
          await tx.insertInto(table).values(batch).execute()
          copied += batch.length
          batch = []
        }
        for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
          batch.push(row)
          if (batch.length >= limit) await flush()
        }
        await flush()
        tables.push({ table, source: copied, target: 0 })
        opts.progress?.(`${table}: ${copied} rows`)
      }
      await advanceSequences(tx, source)
    })
    await inGlobalScope(target, async (tx) => {
      for (const t of tables) {
        const n = source.prepare(`SELECT count(*) AS n FROM "${t.table}"`).get() as { n: number }
        t.source = n.n
        t.target = await countRows(tx, t.table)
      }
    })
  } finally {
    source.exec('COMMIT')
  }
  const wrong = tables.filter((t) => t.source !== t.target)
  if (wrong.length > 0) {
    throw new MigrateToPostgresError(
      `row counts differ: ${wrong.map((t) => `${t.table} ${t.source} vs ${t.target}`).join(', ')}`,
    )
  }
  return { tables, rows: tables.reduce((s, t) => s + t.target, 0) }
}

export interface AuditChainRow {
  seq: number
  at: number
  tenant_id: string | null
  actor_kind: string
  actor_id: string | null
  actor_name: string
  ip: string | null
  action: string
  target_type: string | null
  target_id: string | null
  target_label: string | null
  outcome: string
  details_json: string
  prev_hash: string
  hash: string
}

/** The target's audit log in seq order, a page at a time (for the chain check in the CLI). */
export async function* auditRowsOf(target: AnyDb, page = 1000): AsyncGenerator<AuditChainRow> {
  let after = 0
  for (;;) {
    const rows = (await target
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(page)
      .execute()) as AuditChainRow[]
    for (const r of rows) yield { ...r, seq: Number(r.seq), at: Number(r.at) }
    if (rows.length < page) return
    after = Number(rows[rows.length - 1]!.seq)
  }
}
