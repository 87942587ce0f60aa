import type { Statement } from 'better-sqlite3'
import { BlockCache } from './block-cache.ts'
import { createPackedPartition, createPartition, type SamplesDb } from './samples-db.ts'
import { packedTableName, parseTableName, tableName, type Tier } from './tiers.ts'

/**
 * Knows which partition tables exist and caches their insert statements. Shared by the writer
 * (creates on demand) and retention (drops), so a dropped table is never written through a stale
 * statement.
 */
export class PartitionTables {
  readonly db: SamplesDb
  #existing = new Set<string>()
  #inserts = new Map<string, Statement>()
  #selects = new Map<string, Statement>()
  /** decoded packed blocks for chart reads */
  readonly blocks = new BlockCache()

  constructor(db: SamplesDb) {
    this.db = db
    for (const r of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()) {
      const name = (r as { name: string }).name
      if (parseTableName(name) !== undefined) this.#existing.add(name)
    }
  }

  /** All partition tables of a tier (row and packed ones), oldest first. */
  list(tier: Tier): { table: string; partition: number; packed: boolean }[] {
    const out: { table: string; partition: number; packed: boolean }[] = []
    for (const table of this.#existing) {
      const p = parseTableName(table)
      if (p?.tier === tier.name) out.push({ table, partition: p.partition, packed: p.packed })
    }
    return out.sort((a, b) => a.partition - b.partition)
  }

  exists(table: string): boolean {
    return this.#existing.has(table)
  }

  /** The insert statement for a partition, creating the table on first use. */
  insert(tier: Tier, partition: number): Statement {
    const table = tableName(tier, partition)
    let stmt = this.#inserts.get(table)
    if (stmt !== undefined) return stmt
    const rollup = tier.bucketS > 0
    createPartition(this.db, table, rollup)
    this.#existing.add(table)
    stmt = this.db.prepare(
      rollup
        ? `INSERT INTO ${table} (series_id, ts, avg, max, n) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (series_id, ts) DO UPDATE SET
             avg = (avg * n + excluded.avg * excluded.n) / (n + excluded.n),
             max = MAX(max, excluded.max), n = n + excluded.n`
        : `INSERT OR REPLACE INTO ${table} (series_id, ts, value) VALUES (?, ?, ?)`,
    )
    this.#inserts.set(table, stmt)
    return stmt
  }

  /** The packed partition table's name, creating it on first use. */
  packed(tier: Tier, partition: number): string {
    const table = packedTableName(tier, partition)
    if (!this.#existing.has(table)) {
      createPackedPartition(this.db, table)
      this.#existing.add(table)
    }
    return table
  }

  /** A read statement on a partition table, prepared once (`{t}` stands for the table name). */
  select(table: string, sql: string): Statement {
    const key = `${table}\u0000${sql}`
    let stmt = this.#selects.get(key)
    if (stmt === undefined) {
      stmt = this.db.prepare(sql.replace('{t}', table))
      this.#selects.set(key, stmt)
    }
    return stmt
  }

  drop(table: string): void {
    for (const key of this.#selects.keys())
      if (key.startsWith(`${table}\u0000`)) this.#selects.delete(key)
    this.#inserts.delete(table)
    this.#existing.delete(table)
    this.db.exec(`DROP TABLE IF EXISTS ${table}`)
  }
}
