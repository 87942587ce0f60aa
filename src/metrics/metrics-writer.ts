import type { Statement } from 'better-sqlite3'
import type { MetricPoint } from './metric-names.ts'
import { PartitionTables } from './partition-tables.ts'
import { SampleBuffer } from './sample-buffer.ts'
import type { SamplesDb } from './samples-db.ts'
import { SeriesRegistry } from './series-registry.ts'
import { partitionOf, type Tier, type TierName } from './tiers.ts'

/**
 * Buffers samples in memory and writes them in one transaction per `flush()` (the runner calls it
 * about once a second), so thousands of polls cost a handful of commits. Rollups are accumulated
 * while samples stream in (see RollupAccumulator) and written when their bucket closes. The open
 * buckets of the series a flush touched are saved in open_buckets in the same transaction as
 * their raw samples, and restored at start: a crash or power loss loses no more of a rollup than
 * of the raw samples (issue 8), and a restart continues a bucket instead of splitting it.
 */
export class MetricsWriter {
  readonly tables: PartitionTables
  readonly series: SeriesRegistry
  readonly tiers: Record<TierName, Tier>
  #buf: SampleBuffer
  #db: SamplesDb
  #saveOpen: Statement
  #deleteOpen: Statement
  #recordTx: (
    tenantId: string,
    deviceId: string,
    atMs: number,
    points: readonly MetricPoint[],
  ) => void

  constructor(db: SamplesDb, tiers: Record<TierName, Tier>) {
    this.#db = db
    this.tiers = tiers
    this.tables = new PartitionTables(db)
    this.series = new SeriesRegistry(db)
    this.#recordTx = db.transaction((t: string, d: string, a: number, p: readonly MetricPoint[]) =>
      this.#recordAll(t, d, a, p),
    )
    this.#buf = new SampleBuffer(tiers)
    this.#saveOpen = db.prepare(
      'INSERT OR REPLACE INTO open_buckets (series_id, tier, ts, sum, max, n) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#deleteOpen = db.prepare('DELETE FROM open_buckets WHERE series_id = ? AND tier = ?')
    this.#restoreOpen()
  }

  /** Samples waiting for the next flush. */
  get pending(): number {
    return this.#buf.pending
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    // one transaction, so a device's first poll creates its ~25 series with one commit
    this.#recordTx(tenantId, deviceId, atMs, points)
  }

  #recordAll(
    tenantId: string,
    deviceId: string,
    atMs: number,
    points: readonly MetricPoint[],
  ): void {
    const tsS = Math.floor(atMs / 1000)
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue
      this.#buf.add(this.series.resolve(tenantId, deviceId, p.metric, p.label ?? ''), tsS, p.value)
    }
  }

  /** Writes everything buffered in one transaction; returns the number of rows written. */
  flush(nowMs?: number): number {
    if (nowMs !== undefined) this.#buf.closeStale(Math.floor(nowMs / 1000))
    const batch = this.#buf.take()
    if (batch === undefined) return 0
    const { raw, rollups, touched } = batch
    this.#db.transaction(() => {
      for (let i = 0; i < raw.length; i += 3) {
        const ts = raw[i + 1] as number
        this.tables
          .insert(this.tiers.raw, partitionOf(this.tiers.raw, ts))
          .run(raw[i], ts, raw[i + 2])
      }
      for (const { tier, b } of rollups) {
        this.tables.insert(tier, partitionOf(tier, b.ts)).run(b.seriesId, b.ts, b.avg, b.max, b.n)
      }
      for (const id of touched) this.#saveOpenBuckets(id)
    })()
    return raw.length / 3 + rollups.length
  }

  /** Shutdown: writes what is buffered; open buckets stay in open_buckets for the next start. */
  close(): void {
    this.flush()
  }

  #saveOpenBuckets(id: number): void {
    for (const { tier, acc } of this.#buf.accs) {
      const b = acc.open(id)
      if (b === undefined) this.#deleteOpen.run(id, tier.name)
      else this.#saveOpen.run(id, tier.name, b.ts, b.sum, b.max, b.n)
    }
  }

  #restoreOpen(): void {
    const rows = this.#db
      .prepare('SELECT series_id, tier, ts, sum, max, n FROM open_buckets')
      .all() as {
      series_id: number
      tier: string
      ts: number
      sum: number
      max: number
      n: number
    }[]
    for (const r of rows) {
      const a = this.#buf.accs.find((x) => x.tier.name === r.tier)
      a?.acc.restore(r.series_id, { ts: r.ts, sum: r.sum, max: r.max, n: r.n })
    }
  }
}
