import { MetricsWriter } from './metrics-writer.ts'
import { listLabels, readSeries, type SeriesPoint, type SeriesQuery } from './metrics-reader.ts'
import { applyRetention } from './retention.ts'
import { openSamplesDb, samplesDbBytes, type SamplesDb } from './samples-db.ts'
import { buildTiers, DEFAULT_RETENTION, type RetentionConfig, type TierName } from './tiers.ts'
import type { MetricName, MetricPoint } from './metric-names.ts'

/**
 * The metrics store: samples.db plus the batching writer, chart reads and retention. It starts
 * no timers; the poller runner calls `flush()` about once a second and `retain()` hourly.
 * @example
 * const store = openMetricsStore(join(dataDir, 'samples.db'))
 * store.record(tenantId, deviceId, Date.now(), [{ metric: 'cpu', value: 12 }])
 * store.flush()
 */
export class MetricsStore {
  readonly db: SamplesDb
  readonly writer: MetricsWriter

  constructor(db: SamplesDb, retention: RetentionConfig = DEFAULT_RETENTION) {
    this.db = db
    this.writer = new MetricsWriter(db, buildTiers(retention))
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    this.writer.record(tenantId, deviceId, atMs, points)
  }

  flush(nowMs?: number): number {
    return this.writer.flush(nowMs)
  }

  read(q: SeriesQuery, nowMs: number): { tier: TierName; points: SeriesPoint[] } {
    return readSeries(this.writer.tables, this.writer.tiers, q, nowMs)
  }

  labels(tenantId: string, deviceId: string, metric: MetricName): string[] {
    return listLabels(this.writer.tables, tenantId, deviceId, metric)
  }

  removeDevice(tenantId: string, deviceId: string): void {
    this.writer.series.removeDevice(tenantId, deviceId)
  }

  /** Drops expired partitions; returns their names. */
  retain(nowMs: number): string[] {
    return applyRetention(this.writer.tables, this.writer.tiers, nowMs)
  }

  /** Bytes in use in samples.db, for the disk footprint report. */
  bytes(): number {
    return samplesDbBytes(this.db)
  }

  close(): void {
    this.writer.close()
    this.db.close()
  }
}

export function openMetricsStore(file: string, retention?: RetentionConfig): MetricsStore {
  return new MetricsStore(openSamplesDb(file), retention)
}
