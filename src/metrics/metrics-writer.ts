import type { MetricPoint } from './metric-names.ts'
import { PartitionTables } from './partition-tables.ts'
import { RollupAccumulator, type ClosedBucket } from './rollup-accumulator.ts'
import type { SamplesDb } from './samples-db.ts'
import { SeriesRegistry } from './series-registry.ts'
import { partitionOf, type Tier, type TierName } from './tiers.ts'

/**
 * Buffers samples in memory and writes them in one transaction per `flush()` (the runner calls it
 * about once a second), so thousands of polls cost a handful of commits. Rollups are accumulated
 * while samples stream in (see RollupAccumulator) and written when their bucket closes.
 */
export class MetricsWriter {
  readonly tables: PartitionTables
  readonly series: SeriesRegistry
  readonly tiers: Record<TierName, Tier>
  #raw: number[] = [] // flat triplets: seriesId, tsS, value
  #rollups: { tier: Tier; b: ClosedBucket }[] = []
  #acc: { tier: Tier; acc: RollupAccumulator }[]
  #db: SamplesDb
  #recordTx: (tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]) => void

  constructor(db: SamplesDb, tiers: Record<TierName, Tier>) {
    this.#db = db
    this.tiers = tiers
    this.tables = new PartitionTables(db)
    this.series = new SeriesRegistry(db)
    this.#recordTx = db.transaction((t: string, d: string, a: number, p: readonly MetricPoint[]) =>
      this.#recordAll(t, d, a, p),
    )
    this.#acc = [tiers.m5, tiers.h1].map((tier) => ({ tier, acc: new RollupAccumulator(tier.bucketS) }))
  }

  /** Samples waiting for the next flush. */
  get pending(): number {
    return this.#raw.length / 3 + this.#rollups.length
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    // one transaction, so a device's first poll creates its ~25 series with one commit
    this.#recordTx(tenantId, deviceId, atMs, points)
  }


  #recordAll(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    const tsS = Math.floor(atMs / 1000)
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue
      const id = this.series.resolve(tenantId, deviceId, p.metric, p.label ?? '')
      this.#raw.push(id, tsS, p.value)
      for (const { tier, acc } of this.#acc) {
        const closed = acc.add(id, tsS, p.value)
        if (closed !== undefined) this.#rollups.push({ tier, b: closed })
      }
    }
  }

  /** Writes everything buffered in one transaction; returns the number of rows written. */
  flush(nowMs?: number): number {
    if (nowMs !== undefined) this.#closeStale(Math.floor(nowMs / 1000))
    const raw = this.#raw
    const rollups = this.#rollups
    if (raw.length === 0 && rollups.length === 0) return 0
    this.#raw = []
    this.#rollups = []
    this.#db.transaction(() => {
      for (let i = 0; i < raw.length; i += 3) {
        const ts = raw[i + 1] as number
        this.tables.insert(this.tiers.raw, partitionOf(this.tiers.raw, ts)).run(raw[i], ts, raw[i + 2])
      }
      for (const { tier, b } of rollups) {
        this.tables.insert(tier, partitionOf(tier, b.ts)).run(b.seriesId, b.ts, b.avg, b.max, b.n)
      }
    })()
    return raw.length / 3 + rollups.length
  }

  /** Writes open rollup buckets too (shutdown). */
  close(): void {
    for (const { tier, acc } of this.#acc) {
      for (const b of acc.drain()) this.#rollups.push({ tier, b })
    }
    this.flush()
  }

  #closeStale(nowS: number): void {
    // A bucket two widths in the past gets no more samples from a live device.
    for (const { tier, acc } of this.#acc) {
      for (const b of acc.drain(nowS - tier.bucketS)) this.#rollups.push({ tier, b })
    }
  }
}
