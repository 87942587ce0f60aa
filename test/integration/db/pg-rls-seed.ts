// Seeds one row per tenant into every row-secured table of a PostgreSQL database, generated from
// the catalog (so a table added later is covered without editing this): ids are `table:tenant`,
// a foreign key column holds `referenced-table:tenant`, a CHECKed text column its first allowed
// literal, integers 1 (or the tenant's number where a column is unique on its own), nullable
// columns NULL. Runs as the owner in the global scope (row-level security is forced).
import type pg from 'pg'

interface Col {
  name: string
  type: string
  not_null: boolean
  identity: string
}

export interface RowPlan {
  table: string
  /** column → value for a tenant (and a suffix making the row's own ids new) */
  row(tenant: string, tenantNo: number, suffix?: string): Record<string, unknown>
}

/** Tables in foreign-key order with a row generator for each. */
export async function planRows(c: pg.Client, tables: readonly string[]): Promise<RowPlan[]> {
  const plans = new Map<string, RowPlan>()
  const deps = new Map<string, string[]>()
  for (const table of tables) {
    const cols = (
      await c.query<Col>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
          a.attnotnull AS not_null, a.attidentity AS identity
        FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
        [table],
      )
    ).rows
    const checks = (
      await c.query<{ col: string; def: string }>(
        `SELECT a.attname AS col, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'c' AND k.conrelid = $1::regclass AND cardinality(k.conkey) = 1`,
        [table],
      )
    ).rows
    const fks = (
      await c.query<{ ref: string; cols: string[] }>(
        `SELECT f.relname AS ref, array(SELECT a.attname::text FROM unnest(k.conkey) u(n)
          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS cols
        FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid
        WHERE k.contype = 'f' AND k.conrelid = $1::regclass`,
        [table],
      )
    ).rows
    const soloUnique = new Set(
      (
        await c.query<{ col: string }>(
          `SELECT a.attname AS col FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indnkeyatts = 1`,
          [table],
        )
      ).rows.map((r) => r.col),
    )
    const refOf = new Map<string, string>()
    for (const fk of fks) for (const col of fk.cols) if (col !== 'tenant_id') refOf.set(col, fk.ref)
    deps.set(
      table,
      [...refOf.values()].filter((r) => tables.includes(r) && r !== table),
    )
    const literal = (col: string): string | undefined => {
      const def = checks.find((k) => k.col === col)?.def
      return def === undefined ? undefined : /'((?:[^']|'')*)'/.exec(def)?.[1]
    }
    plans.set(table, {
      table,
      row(tenant, tenantNo, suffix = '') {
        const row: Record<string, unknown> = {}
        for (const col of cols) {
          if (col.identity !== '') continue
          const ref = refOf.get(col.name)
          if (col.name === 'tenant_id') row[col.name] = tenant
          else if (ref === 'users') row[col.name] = 'user-1'
          else if (ref === 'tenants') row[col.name] = tenant
          else if (ref !== undefined) row[col.name] = col.not_null ? `${ref}:${tenant}` : null
          else if (!col.not_null) row[col.name] = null
          else if (col.type === 'bigint')
            row[col.name] = soloUnique.has(col.name) ? tenantNo * 10 + suffix.length : 1
          else if (col.type === 'double precision') row[col.name] = 1
          else if (col.type === 'bytea') row[col.name] = Buffer.from(`sealed ${tenant}`)
          else row[col.name] = literal(col.name) ?? `${table}:${tenant}${suffix}`
        }
        return row
      },
    })
  }
  // foreign-key order: parents first
  const ordered: RowPlan[] = []
  const seen = new Set<string>()
  const visit = (t: string): void => {
    if (seen.has(t)) return
    seen.add(t)
    for (const d of deps.get(t) ?? []) visit(d)
    ordered.push(plans.get(t)!)
  }
  for (const t of tables) visit(t)
  return ordered
}

/** INSERT … VALUES ($1, …) for a generated row. */
export function insertSql(table: string, row: Record<string, unknown>): [string, unknown[]] {
  const cols = Object.keys(row)
  const params = cols.map((_, i) => `$${i + 1}`)
  return [
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${params.join(', ')})`,
    Object.values(row),
  ]
}
