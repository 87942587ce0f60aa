import type { MetricName, MetricPoint } from './metric-names.ts'
import type { SeriesPoint, SeriesQuery } from './metrics-reader.ts'
import type { MetricsStore } from './metrics-store.ts'
import type { TierName } from './tiers.ts'

/**
 * What the app uses of a metrics store, whichever database holds it (issue 20): samples.db (the
 * embedded default) or PostgreSQL. `record` stays synchronous and only buffers in memory, so the
 * poller's hot path never waits on a network database; everything that touches storage returns a
 * promise. The runner calls `flush` about once a second and `retain` hourly.
 */
export interface MetricsBackend {
  readonly kind: 'sqlite' | 'postgres'
  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void
  /** Writes buffered samples and closed rollup buckets; resolves to the rows written. */
  flush(nowMs?: number): Promise<number>
  /** One series of one tenant's device, from the tier that fits the range (pickTier). */
  read(q: SeriesQuery, nowMs: number): Promise<{ tier: TierName; points: SeriesPoint[] }>
  /** Labels (interfaces, sensors) a device has for a metric. */
  labels(tenantId: string, deviceId: string, metric: MetricName): Promise<string[]>
  /** Forgets a deleted device's series; its samples age out with their partitions. */
  removeDevice(tenantId: string, deviceId: string): Promise<void>
  /** Drops partitions past their tier's retention; resolves to their names. */
  retain(nowMs: number): Promise<string[]>
  /** Bytes the samples take on disk, for the footprint report. */
  bytes(): Promise<number>
  /** Flushes what is buffered and releases the storage. */
  close(): Promise<void>
}

/**
 * The SQLite store behind the async interface. The store itself stays synchronous (better-sqlite3
 * calls take microseconds), so this adds one resolved promise per call and nothing else;
 * `store` is there for what only samples.db has (its file for appliance backups, packing).
 */
export class SqliteMetricsBackend implements MetricsBackend {
  readonly kind = 'sqlite' as const
  readonly store: MetricsStore

  constructor(store: MetricsStore) {
    this.store = store
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    this.store.record(tenantId, deviceId, atMs, points)
  }

  async flush(nowMs?: number): Promise<number> {
    return this.store.flush(nowMs)
  }

  async read(q: SeriesQuery, nowMs: number): Promise<{ tier: TierName; points: SeriesPoint[] }> {
    return this.store.read(q, nowMs)
  }

  async labels(tenantId: string, deviceId: string, metric: MetricName): Promise<string[]> {
    return this.store.labels(tenantId, deviceId, metric)
  }

  async removeDevice(tenantId: string, deviceId: string): Promise<void> {
    this.store.removeDevice(tenantId, deviceId)
  }

  async retain(nowMs: number): Promise<string[]> {
    return this.store.retain(nowMs)
  }

  async bytes(): Promise<number> {
    return this.store.bytes()
  }

  async close(): Promise<void> {
    this.store.close()
  }
}
