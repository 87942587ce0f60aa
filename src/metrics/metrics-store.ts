import { statSync } from 'node:fs'
import { Compactor } from './compactor.ts'
import { MetricsWriter } from './metrics-writer.ts'
import { listLabels, readSeries, type SeriesPoint, type SeriesQuery } from './metrics-reader.ts'
import { applyRetention } from './retention.ts'
import { openSamplesDb, samplesDbBytes, type SamplesDb } from './samples-db.ts'
import { buildTiers, DEFAULT_RETENTION, type RetentionConfig, type TierName } from './tiers.ts'
import type { MetricName, MetricPoint } from './metric-names.ts'

/** Where the store reports a samples.db that vanished (pino's error signature). */
export interface MetricsLog {
  error(obj: object, msg: string): void
}

/**
 * The metrics store: samples.db plus the batching writer, packing of finished blocks, chart
 * reads and retention. It starts no timers; the poller runner calls `flush()` about once a
 * second and `retain()` hourly.
 * @example
 * const store = openMetricsStore(join(dataDir, 'samples.db'))
 * store.record(tenantId, deviceId, Date.now(), [{ metric: 'cpu', value: 12 }])
 * store.flush()
 */
export class MetricsStore {
  #db: SamplesDb
  #writer: MetricsWriter
  #compactor: Compactor
  readonly #file: string
  readonly #retention: RetentionConfig
  readonly #log: MetricsLog | undefined
  #inode: number | undefined

  constructor(file: string, retention: RetentionConfig = DEFAULT_RETENTION, log?: MetricsLog) {
    this.#file = file
    this.#retention = retention
    this.#log = log
    this.#db = openSamplesDb(file)
    this.#writer = new MetricsWriter(this.#db, buildTiers(retention))
    this.#compactor = new Compactor(this.#db, this.#writer.tables, this.#writer.tiers)
    this.#inode = this.#currentInode()
  }

  get db(): SamplesDb {
    return this.#db
  }

  get writer(): MetricsWriter {
    return this.#writer
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    this.#writer.record(tenantId, deviceId, atMs, points)
  }

  /** Writes buffered samples, then packs a few devices' finished blocks; returns rows written. */
  flush(nowMs?: number): number {
    this.#reopenIfReplaced()
    const written = this.#writer.flush(nowMs)
    if (nowMs !== undefined) this.#compactor.step(Math.floor(nowMs / 1000))
    return written
  }

  /** Packs every finished block now (benchmarks, tests); `flush` does it a few devices at a time. */
  compactAll(nowMs: number): void {
    while (this.#compactor.step(Math.floor(nowMs / 1000), 1000) > 0);
  }

  read(q: SeriesQuery, nowMs: number): { tier: TierName; points: SeriesPoint[] } {
    return readSeries(this.#writer.tables, this.#writer.tiers, q, nowMs)
  }

  labels(tenantId: string, deviceId: string, metric: MetricName): string[] {
    return listLabels(this.#writer.tables, tenantId, deviceId, metric)
  }

  removeDevice(tenantId: string, deviceId: string): void {
    this.#writer.series.removeDevice(tenantId, deviceId)
  }

  /** Drops expired partitions; returns their names. */
  retain(nowMs: number): string[] {
    return applyRetention(this.#writer.tables, this.#writer.tiers, nowMs)
  }

  /** Bytes in use in samples.db, for the disk footprint report. */
  bytes(): number {
    return samplesDbBytes(this.#db)
  }

  close(): void {
    this.#writer.close()
    this.#db.close()
  }

  #currentInode(): number | undefined {
    if (this.#file === ':memory:') return undefined
    return statSync(this.#file, { throwIfNoEntry: false })?.ino
  }

  /**
   * samples.db deleted (or replaced) while running: SQLite keeps writing into the unlinked file,
   * whose data vanish at the next restart (issue 8). Checked at each flush (one stat a second);
   * the store then opens a new file, so metrics from now on are kept, and says so loudly.
   */
  #reopenIfReplaced(): void {
    if (this.#inode === undefined) return
    const now = this.#currentInode()
    if (now === this.#inode) return
    this.#log?.error(
      { file: this.#file, found: now === undefined ? 'missing' : 'replaced' },
      'samples.db was deleted or replaced while running: metrics recorded before now are lost; opened a new samples.db',
    )
    // closing first checkpoints into the unlinked file and removes its -wal/-shm, which the new
    // file must not inherit; the samples still buffered belong to series of the old file
    this.#db.close()
    this.#db = openSamplesDb(this.#file)
    this.#writer = new MetricsWriter(this.#db, buildTiers(this.#retention))
    this.#compactor = new Compactor(this.#db, this.#writer.tables, this.#writer.tiers)
    this.#inode = this.#currentInode()
  }
}

export function openMetricsStore(
  file: string,
  retention?: RetentionConfig,
  log?: MetricsLog,
): MetricsStore {
  return new MetricsStore(file, retention, log)
}
