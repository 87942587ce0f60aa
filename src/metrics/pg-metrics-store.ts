import type pg from 'pg'
import type { MetricsBackend } from './metrics-backend.ts'
import type { MetricName, MetricPoint } from './metric-names.ts'
import { pickTier, type SeriesPoint, type SeriesQuery } from './metrics-reader.ts'
import type { MetricsLog } from './metrics-store.ts'
import { checkSchemaName, createSchema, PgPartitions } from './pg-partitions.ts'
import { PgSeriesKeys } from './pg-series-keys.ts'
import { SampleBuffer, type SampleBatch } from './sample-buffer.ts'
import { restoreOpenBuckets, saveOpenBuckets } from './pg-open-buckets.ts'
import { inScope } from './pg-scope.ts'
import { insertRows, sampleRows, type Row } from './pg-sample-rows.ts'
import {
  buildTiers,
  DEFAULT_RETENTION,
  partitionOf,
  type RetentionConfig,
  type Tier,
  type TierName,
} from './tiers.ts'

export interface PgMetricsOptions {
  retention?: RetentionConfig
  log?: MetricsLog
  /** PostgreSQL schema of the store's tables (tests use one each) */
  schema?: string
  /** close() ends the pool(s) (openMetricsBackend with a URL) */
  ownsPool?: boolean
  /**
   * The tables' owner, for the schema, partitions and retention (DDL); `pool` is then the app
   * role's, which gets row access only. Without it `pool` does both.
   */
  ownerPool?: pg.Pool
  /** the role granted row access (default: the role of `pool` when `ownerPool` is given) */
  appRole?: string
}

/** rows per INSERT: bounds the size of one statement's arrays */
const CHUNK = 20_000
/** samples kept for a retry while PostgreSQL is unreachable (~24 MB); beyond, the oldest go */
const MAX_PENDING = 1_000_000
/** "no partition of relation found for row": another process's retention dropped a partition */
const NO_PARTITION = '23514'

/**
 * The metrics store on PostgreSQL (issue 20), the same behaviour as the SQLite store: samples
 * buffered by `record` and written by `flush` in one transaction (unnest arrays, one statement
 * per tier and 20,000 rows), rollups from the same streaming accumulators, open buckets saved
 * with their samples and restored at open, reads from the tier pickTier chooses, retention by
 * dropping whole partitions. Flushes and device removals run one at a time.
 */
export class PgMetricsStore implements MetricsBackend {
  readonly kind = 'postgres' as const
  readonly #pool: pg.Pool
  readonly #owner: pg.Pool
  readonly #s: string
  readonly #tiers: Record<TierName, Tier>
  readonly #keys: PgSeriesKeys
  readonly #buf: SampleBuffer
  readonly #log: MetricsLog | undefined
  readonly #ownsPool: boolean
  readonly partitions: PgPartitions
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(
    pool: pg.Pool,
    schema: string,
    tiers: Record<TierName, Tier>,
    parts: PgPartitions,
    opts: PgMetricsOptions,
  ) {
    this.#pool = pool
    this.#owner = opts.ownerPool ?? pool
    this.#s = schema
    this.#tiers = tiers
    this.partitions = parts
    this.#keys = new PgSeriesKeys(schema)
    this.#log = opts.log
    this.#ownsPool = opts.ownsPool === true
    this.#buf = new SampleBuffer(tiers)
  }

  /** Creates the schema if needed, the partitions of now and next, and restores open buckets. */
  static async open(pool: pg.Pool, opts: PgMetricsOptions = {}): Promise<PgMetricsStore> {
    const schema = checkSchemaName(opts.schema ?? 'outpost_metrics')
    const tiers = buildTiers(opts.retention ?? DEFAULT_RETENTION)
    const owner = opts.ownerPool ?? pool
    const appRole =
      opts.appRole ??
      (opts.ownerPool === undefined
        ? undefined
        : (await pool.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u)
    const mode = await createSchema(owner, schema, tiers, appRole)
    const parts = new PgPartitions(owner, schema, tiers, mode)
    await parts.refresh()
    await parts.ensureAhead(Math.floor(Date.now() / 1000))
    const store = new PgMetricsStore(pool, schema, tiers, parts, opts)
    await inScope(pool, 'global', (c) =>
      restoreOpenBuckets(c, schema, store.#keys, store.#buf.accs),
    )
    return store
  }

  get mode(): 'partitions' | 'timescaledb' {
    return this.partitions.mode
  }

  record(tenantId: string, deviceId: string, atMs: number, points: readonly MetricPoint[]): void {
    const tsS = Math.floor(atMs / 1000)
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue
      this.#buf.add(this.#keys.local(tenantId, deviceId, p.metric, p.label ?? ''), tsS, p.value)
    }
  }

  flush(nowMs?: number): Promise<number> {
    return this.#serial(() => this.#flush(nowMs))
  }

  async #flush(nowMs?: number): Promise<number> {
    if (nowMs !== undefined) this.#buf.closeStale(Math.floor(nowMs / 1000))
    const batch = this.#buf.take()
    if (batch === undefined) return 0
    try {
      return await this.#write(batch)
    } catch (err) {
      // PostgreSQL unreachable or failing: the batch is kept for the next flush, within bounds
      const dropped = this.#buf.putBack(batch, MAX_PENDING)
      if (dropped > 0)
        this.#log?.error(
          { dropped },
          'metrics not written for too long: the oldest samples were dropped',
        )
      throw err
    }
  }

  async #write({ raw, rollups, touched }: SampleBatch): Promise<number> {
    const locals: number[] = [...touched]
    for (let i = 0; i < raw.length; i += 3) locals.push(raw[i] as number)
    for (const r of rollups) locals.push(r.b.seriesId)
    await inScope(this.#pool, 'global', (c) => this.#keys.resolve(c, locals))
    const rows = sampleRows(this.#tiers, this.#keys, raw, rollups)
    const needed: [Tier, number][] = []
    for (const [tier, byKey] of rows) {
      const seen = new Set<number>()
      for (const r of byKey.values()) seen.add(partitionOf(tier, r.ts))
      for (const p of seen) needed.push([tier, p])
    }
    try {
      await this.partitions.ensure(needed)
      return await this.#transaction(rows, touched)
    } catch (err) {
      if ((err as { code?: string }).code !== NO_PARTITION) throw err
      await this.partitions.refresh()
      await this.partitions.ensure(needed)
      return await this.#transaction(rows, touched)
    }
  }

  /** One flush: every tenant's samples at once, so in the poller's cross-tenant scope. */
  #transaction(rows: Map<Tier, Map<string, Row>>, touched: Set<number>): Promise<number> {
    return inScope(this.#pool, 'global', async (client) => {
      let written = 0
      for (const [tier, m] of rows) {
        const all = [...m.values()]
        for (let i = 0; i < all.length; i += CHUNK)
          await insertRows(client, this.#s, tier, all.slice(i, i + CHUNK))
        written += all.length
      }
      await saveOpenBuckets(client, this.#s, this.#keys, this.#buf.accs, touched)
      return written
    })
  }

  async read(q: SeriesQuery, nowMs: number): Promise<{ tier: TierName; points: SeriesPoint[] }> {
    const tier = pickTier(this.#tiers, q.fromMs, q.toMs, nowMs)
    const cols = tier.bucketS > 0 ? 'r.avg, r.max' : 'r.value AS avg, r.value AS max'
    // the series is looked up by tenant and device together: another tenant's device id yields nothing
    const r = await inScope(this.#pool, { tenantId: q.tenantId }, (c) =>
      c.query<{ ts: string; avg: number; max: number }>(
        `SELECT r.ts, ${cols} FROM ${this.#s}.${tier.name} r
       WHERE r.tenant_id = $1 AND r.ts >= $5 AND r.ts <= $6 AND r.series_id = (
         SELECT id FROM ${this.#s}.series WHERE tenant_id = $1 AND device_id = $2 AND metric = $3 AND label = $4)
       ORDER BY r.ts`,
        [
          q.tenantId,
          q.deviceId,
          q.metric,
          q.label ?? '',
          Math.floor(q.fromMs / 1000),
          Math.floor(q.toMs / 1000),
        ],
      ),
    )
    return {
      tier: tier.name,
      points: r.rows.map((p) => ({ t: Number(p.ts) * 1000, avg: p.avg, max: p.max })),
    }
  }

  async labels(tenantId: string, deviceId: string, metric: MetricName): Promise<string[]> {
    const r = await inScope(this.#pool, { tenantId }, (c) =>
      c.query<{ label: string }>(
        `SELECT label FROM ${this.#s}.series WHERE tenant_id = $1 AND device_id = $2 AND metric = $3 ORDER BY label`,
        [tenantId, deviceId, metric],
      ),
    )
    return r.rows.map((x) => x.label)
  }

  removeDevice(tenantId: string, deviceId: string): Promise<void> {
    return this.#serial(async () => {
      this.#keys.removeDevice(tenantId, deviceId)
      await inScope(this.#pool, { tenantId }, (c) =>
        c.query(
          `WITH gone AS (DELETE FROM ${this.#s}.series WHERE tenant_id = $1 AND device_id = $2)
           DELETE FROM ${this.#s}.open_buckets WHERE tenant_id = $1 AND device_id = $2`,
          [tenantId, deviceId],
        ),
      )
    })
  }

  async retain(nowMs: number): Promise<string[]> {
    const nowS = Math.floor(nowMs / 1000)
    const dropped = await this.partitions.retain(nowS)
    await this.partitions.ensureAhead(nowS)
    return dropped
  }

  async bytes(): Promise<number> {
    const r = await this.#owner.query<{ b: string }>(
      this.mode === 'timescaledb'
        ? `SELECT (hypertable_size('${this.#s}.raw') + hypertable_size('${this.#s}.m5') + hypertable_size('${this.#s}.h1')
             + pg_total_relation_size('${this.#s}.series') + pg_total_relation_size('${this.#s}.open_buckets'))::text AS b`
        : `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::text AS b FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      this.mode === 'timescaledb' ? [] : [this.#s],
    )
    return Number(r.rows[0]?.b ?? 0)
  }

  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      if (this.#ownsPool) {
        await this.#pool.end()
        if (this.#owner !== this.#pool) await this.#owner.end()
      }
    }
  }

  /** Runs after the previous flush or removal, whether it failed or not. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
