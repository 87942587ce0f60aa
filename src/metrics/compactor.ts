import type { Statement } from 'better-sqlite3'
import { decodeBlock, encodeBlock, type SeriesColumns } from './block-codec.ts'
import type { PartitionTables } from './partition-tables.ts'
import type { SamplesDb } from './samples-db.ts'
import { partitionOf, type Tier, type TierName } from './tiers.ts'

interface Pass {
  from: number
  until: number
  cursor: number
  /** the row partitions the range covers (known when the pass starts) */
  tables: string[]
}

interface Row {
  series_id: number
  ts: number
  a: number
  b: number
  n: number
}

/**
 * Packs finished time blocks: the rows of one device and block (raw samples, or closed rollup
 * buckets) become one deflated row of a pk_<tier>_<partition> table, and the rows are deleted, in
 * one transaction. A row costs ~25-35 bytes per value on disk; a packed block about one byte.
 * Work is spread over calls of `step()` (the store calls it at each flush) a few devices at a
 * time, so 10,000 devices never stall a flush. pack_state records how far each tier is packed;
 * a pass interrupted by a crash resumes from its start and skips devices already packed (their
 * rows are gone).
 */
export class Compactor {
  readonly #db: SamplesDb
  readonly #tables: PartitionTables
  readonly #tiers: Tier[]
  readonly #packedUntil = new Map<TierName, number>()
  readonly #passes = new Map<TierName, Pass>()
  readonly #devices: Statement
  readonly #seriesOf: Statement
  readonly #saveState: Statement

  constructor(db: SamplesDb, tables: PartitionTables, tiers: Record<TierName, Tier>) {
    this.#db = db
    this.#tables = tables
    this.#tiers = [tiers.raw, tiers.m5, tiers.h1]
    for (const r of db.prepare('SELECT tier, packed_until FROM pack_state').all() as {
      tier: TierName
      packed_until: number
    }[]) {
      this.#packedUntil.set(r.tier, r.packed_until)
    }
    this.#devices = db.prepare('SELECT id FROM device_keys WHERE id > ? ORDER BY id LIMIT ?')
    this.#seriesOf = db.prepare('SELECT id FROM series WHERE dev = ?')
    this.#saveState = db.prepare(
      'INSERT OR REPLACE INTO pack_state (tier, packed_until) VALUES (?, ?)',
    )
  }

  /**
   * Packs the finished blocks of up to `budget` devices; returns how many devices it visited.
   * Ten a second packs an hour's raw block of 10,000 devices in under 20 minutes while keeping
   * each call to a few milliseconds of the event loop.
   */
  step(nowS: number, budget = 10): number {
    let visited = 0
    for (const tier of this.#tiers) {
      const pass = this.#pass(tier, nowS)
      if (pass === undefined) continue
      this.#db.transaction(() => {
        const devs = this.#devices.all(pass.cursor, budget - visited) as { id: number }[]
        for (const { id } of devs) this.#packDevice(tier, id, pass)
        visited += devs.length
        if (devs.length > 0) pass.cursor = (devs.at(-1) as { id: number }).id
        if (visited < budget) {
          // every device is packed up to `until`
          this.#packedUntil.set(tier.name, pass.until)
          this.#passes.delete(tier.name)
          this.#saveState.run(tier.name, pass.until)
        }
      })()
      if (visited >= budget) break
    }
    return visited
  }

  #pass(tier: Tier, nowS: number): Pass | undefined {
    const running = this.#passes.get(tier.name)
    if (running !== undefined) return running
    // a block is packed once no late sample or bucket can reach it: the writer closes a bucket at
    // most two widths after it ends, and samples reach disk within seconds of their poll
    const grace = 2 * Math.max(tier.bucketS, 60) + 60
    const until = Math.floor((nowS - grace) / tier.blockS) * tier.blockS
    const from = this.#packedUntil.get(tier.name) ?? 0
    if (until <= from) return undefined
    const [lo, hi] = [partitionOf(tier, from), partitionOf(tier, until - 1)]
    const tables = this.#tables
      .list(tier)
      .filter((t) => !t.packed && t.partition >= lo && t.partition <= hi)
      .map((t) => t.table)
    const pass = { from, until, cursor: 0, tables }
    this.#passes.set(tier.name, pass)
    return pass
  }

  #packDevice(tier: Tier, dev: number, pass: Pass): void {
    const ids = (this.#seriesOf.all(dev) as { id: number }[]).map((r) => r.id)
    if (ids.length === 0) return
    const rows = this.#rows(tier, ids, pass)
    if (rows.length === 0) return
    const blocks = new Map<number, Row[]>()
    for (const r of rows) {
      const b = Math.floor(r.ts / tier.blockS) * tier.blockS
      let list = blocks.get(b)
      if (list === undefined) blocks.set(b, (list = []))
      list.push(r)
    }
    for (const [block, list] of blocks) this.#writeBlock(tier, dev, block, list)
  }

  /** The unpacked rows of these series in the pass's range, from every partition it covers. */
  #rows(tier: Tier, ids: number[], pass: Pass): Row[] {
    const rollup = tier.bucketS > 0
    const cols = rollup ? 'avg AS a, max AS b, n' : 'value AS a, value AS b, 1 AS n'
    const out: Row[] = []
    const marks = ids.map(() => '?').join(',')
    for (const table of pass.tables) {
      if (!this.#tables.exists(table)) continue // dropped by retention meanwhile
      const where = `series_id IN (${marks}) AND ts >= ? AND ts < ?`
      const rows = this.#db
        .prepare(`SELECT series_id, ts, ${cols} FROM ${table} WHERE ${where}`)
        .all(...ids, pass.from, pass.until) as Row[]
      if (rows.length === 0) continue
      out.push(...rows)
      this.#db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(...ids, pass.from, pass.until)
    }
    return out
  }

  #writeBlock(tier: Tier, dev: number, block: number, rows: Row[]): void {
    const rollup = tier.bucketS > 0
    const step = rollup ? tier.bucketS : 1
    const table = this.#tables.packed(tier, partitionOf(tier, block))
    const old = this.#db
      .prepare(`SELECT data FROM ${table} WHERE dev = ? AND block = ?`)
      .get(dev, block) as { data: Buffer } | undefined
    const bySeries = new Map<number, Map<number, Row>>()
    const put = (r: Row) => {
      let m = bySeries.get(r.series_id)
      if (m === undefined) bySeries.set(r.series_id, (m = new Map()))
      m.set(r.ts, r)
    }
    // a block packed before (rows that arrived after its pass) is merged; newer rows win
    for (const s of old === undefined ? [] : decodeBlock(old.data, block, step, rollup)) {
      s.ts.forEach((ts, i) =>
        put({
          series_id: s.seriesId,
          ts,
          a: s.cols[0]?.[i] as number,
          b: (s.cols[1] ?? s.cols[0])?.[i] as number,
          n: s.n?.[i] ?? 1,
        }),
      )
    }
    for (const r of rows) put(r)
    const series: SeriesColumns[] = []
    for (const [seriesId, m] of [...bySeries].sort((x, y) => x[0] - y[0])) {
      const pts = [...m.values()].sort((x, y) => x.ts - y.ts)
      series.push({
        seriesId,
        ts: pts.map((p) => p.ts),
        cols: rollup ? [pts.map((p) => p.a), pts.map((p) => p.b)] : [pts.map((p) => p.a)],
        ...(rollup ? { n: pts.map((p) => p.n) } : {}),
      })
    }
    this.#db
      .prepare(`INSERT OR REPLACE INTO ${table} (dev, block, data) VALUES (?, ?, ?)`)
      .run(dev, block, encodeBlock(series, block, step, rollup))
  }
}
