// Checks a live database against the tenancy rules: every table is declared tenant-scoped or
// global; a tenant table has tenant_id (NOT NULL, right after id, referencing tenants), UNIQUE
// (tenant_id, id) when it has an id, and references other tenant tables only by (tenant_id, …).
import type BetterSqlite3 from 'better-sqlite3'
import { GLOBAL_TABLES, INTERNAL_TABLES, TENANT_TABLES } from './schema.ts'

interface Column {
  cid: number
  name: string
  notnull: number
}
interface ForeignKey {
  id: number
  table: string
  from: string
  to: string | null
}
interface IndexEntry {
  name: string
  unique: number
}

export interface SchemaDeclaration {
  tenant: readonly string[]
  global: readonly string[]
  internal: readonly string[]
}

const DECLARED: SchemaDeclaration = {
  tenant: TENANT_TABLES,
  global: GLOBAL_TABLES,
  internal: INTERNAL_TABLES,
}

/**
 * Problems found, one sentence each (empty when the schema follows the rules).
 * @example expect(checkSchema(deps.sqlite)).toEqual([])
 */
export function checkSchema(sqlite: BetterSqlite3.Database, declared = DECLARED): string[] {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[]
  const tenant = new Set(declared.tenant)
  const known = new Set([...declared.tenant, ...declared.global, ...declared.internal])
  const problems: string[] = []
  for (const t of tables) {
    if (!known.has(t)) problems.push(`table ${t} is neither in TENANT_TABLES nor in GLOBAL_TABLES`)
    else if (tenant.has(t)) problems.push(...checkTenantTable(sqlite, t, tenant))
    else problems.push(...checkGlobalTable(sqlite, t, tenant))
  }
  for (const t of [...declared.tenant, ...declared.global]) {
    if (!tables.includes(t)) problems.push(`declared table ${t} does not exist`)
  }
  return problems
}

function isVirtual(sqlite: BetterSqlite3.Database, table: string): boolean {
  const ddl = sqlite
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .pluck()
    .get(table)
  return typeof ddl === 'string' && /^CREATE VIRTUAL TABLE/i.test(ddl)
}

function columnsOf(sqlite: BetterSqlite3.Database, table: string): Column[] {
  return sqlite.prepare(`SELECT * FROM pragma_table_info(?)`).all(table) as Column[]
}

function foreignKeysOf(sqlite: BetterSqlite3.Database, table: string): Map<number, ForeignKey[]> {
  const rows = sqlite.prepare(`SELECT * FROM pragma_foreign_key_list(?)`).all(table) as ForeignKey[]
  const byId = new Map<number, ForeignKey[]>()
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r])
  return byId
}

function hasUniqueOn(sqlite: BetterSqlite3.Database, table: string, cols: string[]): boolean {
  const indexes = sqlite.prepare(`SELECT * FROM pragma_index_list(?)`).all(table) as IndexEntry[]
  return indexes.some((ix) => {
    if (ix.unique !== 1) return false
    const names = sqlite
      .prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`)
      .pluck()
      .all(ix.name) as string[]
    return names.length === cols.length && names.every((n, i) => n === cols[i])
  })
}

function checkTenantTable(
  sqlite: BetterSqlite3.Database,
  table: string,
  tenant: ReadonlySet<string>,
): string[] {
  const problems: string[] = []
  const cols = columnsOf(sqlite, table)
  const tenantCol = cols.find((c) => c.name === 'tenant_id')
  const hasId = cols.some((c) => c.name === 'id')
  if (tenantCol === undefined) return [`tenant table ${table} has no tenant_id column`]
  // a virtual table (FTS5) can have neither constraints nor foreign keys: tenant_id must come
  // first, and its migration must remove rows with their device (a trigger)
  if (isVirtual(sqlite, table))
    return tenantCol.cid === 0 ? [] : [`${table}.tenant_id must come first`]
  if (tenantCol.notnull !== 1) problems.push(`${table}.tenant_id must be NOT NULL`)
  if (tenantCol.cid !== (hasId ? 1 : 0)) {
    problems.push(`${table}.tenant_id must come ${hasId ? 'right after id' : 'first'}`)
  }
  if (hasId && !hasUniqueOn(sqlite, table, ['tenant_id', 'id'])) {
    problems.push(`tenant table ${table} lacks UNIQUE (tenant_id, id)`)
  }
  const fks = [...foreignKeysOf(sqlite, table).values()]
  const toTenants = fks.some(
    (fk) => fk.length === 1 && fk[0]?.table === 'tenants' && fk[0].from === 'tenant_id',
  )
  if (!toTenants) problems.push(`${table}.tenant_id must reference tenants (id)`)
  for (const fk of fks) {
    const parent = fk[0]?.table ?? ''
    if (!tenant.has(parent)) continue
    const composite = fk.some((c) => c.from === 'tenant_id' && c.to === 'tenant_id')
    if (!composite) {
      problems.push(
        `${table} references tenant table ${parent} without (tenant_id, …) composite key`,
      )
    }
  }
  return problems
}

function checkGlobalTable(
  sqlite: BetterSqlite3.Database,
  table: string,
  tenant: ReadonlySet<string>,
): string[] {
  const fks = [...foreignKeysOf(sqlite, table).values()]
  return fks
    .filter((fk) => tenant.has(fk[0]?.table ?? ''))
    .map((fk) => `global table ${table} references tenant table ${fk[0]?.table}`)
}
