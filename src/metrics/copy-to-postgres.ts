// `migrate-to-postgres` (issue 20) brings the chart history along: every series of samples.db,
// each tier within its retention (packed blocks and loose rows alike), into the PostgreSQL
// metrics store's empty tables, in one transaction, then compares the point counts per tier.
// A rollup's sample count is not kept in samples.db's packed blocks: copied buckets count as one
// sample, which only weighs in if a later flush merges into the same bucket.
import type pg from 'pg'
import type { MetricsStore } from './metrics-store.ts'
import { tierPoints } from './metrics-reader.ts'
import type { PgMetricsStore } from './pg-metrics-store.ts'
import { insertRows, type Row } from './pg-sample-rows.ts'
import { inScope } from './pg-scope.ts'
import { partitionOf, type Tier, type TierName } from './tiers.ts'

export interface MetricsCopyReport {
  series: number
  points: Record<TierName, number>
}

interface SourceSeries {
  id: number
  dev: number | null
  tenant_id: string
  device_id: string
  metric: string
  label: string
}

const SERIES_CHUNK = 500

/**
 * Copies samples.db (`source`) into the PostgreSQL store `target` (opened on `pool`, schema
 * `schema`), whose tables must be empty. Throws, having committed nothing, on any failure or a
 * count that differs.
 */
export async function copyMetricsToPostgres(
  source: MetricsStore,
  target: PgMetricsStore,
  pool: pg.Pool,
  opts: { nowMs: number; schema?: string },
): Promise<MetricsCopyReport> {
  const schema = opts.schema ?? 'outpost_metrics'
  const { tables, tiers } = source.writer
  const nowS = Math.floor(opts.nowMs / 1000)
  const all = tables.db
    .prepare('SELECT id, dev, tenant_id, device_id, metric, label FROM series ORDER BY id')
    .all() as SourceSeries[]
  const points: Record<TierName, number> = { raw: 0, m5: 0, h1: 0 }
  await inScope(pool, 'global', async (c) => {
    const had = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.series`)
    if ((had.rows[0]?.n ?? 0) > 0)
      throw new Error('the PostgreSQL metrics tables already hold series: no metrics copied')
    for (let i = 0; i < all.length; i += SERIES_CHUNK) {
      const chunk = all.slice(i, i + SERIES_CHUNK)
      const made = await c.query<{ id: number; k: string }>(
        `INSERT INTO ${schema}.series (tenant_id, device_id, metric, label)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         RETURNING id, concat_ws(chr(31), tenant_id, device_id, metric, label) AS k`,
        [
          chunk.map((s) => s.tenant_id),
          chunk.map((s) => s.device_id),
          chunk.map((s) => s.metric),
          chunk.map((s) => s.label),
        ],
      )
      const idOf = new Map(made.rows.map((r) => [r.k, r.id]))
      for (const tier of Object.values(tiers)) {
        const rows: Row[] = []
        chunk.forEach((s) => {
          const id = idOf.get([s.tenant_id, s.device_id, s.metric, s.label].join('\u001f'))!
          for (const p of tierPoints(tables, tier, s, nowS - tier.retentionS, nowS))
            rows.push({ t: s.tenant_id, id, ts: p.t / 1000, avg: p.avg, max: p.max, n: 1 })
        })
        await insertTier(c, target, schema, tier, rows)
        points[tier.name] += rows.length
      }
    }
    for (const tier of Object.values(tiers)) {
      const n = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.${tier.name}`,
      )
      if (n.rows[0]?.n !== points[tier.name])
        throw new Error(
          `metrics ${tier.name}: ${points[tier.name]} points read, ${n.rows[0]?.n} on PostgreSQL`,
        )
    }
  })
  return { series: all.length, points }
}

async function insertTier(
  c: pg.PoolClient,
  target: PgMetricsStore,
  schema: string,
  tier: Tier,
  rows: Row[],
): Promise<void> {
  if (rows.length === 0) return
  // the partitions come first, each in its own short DDL transaction (empty tables)
  await target.partitions.ensure(
    [...new Set(rows.map((r) => partitionOf(tier, r.ts)))].map((p): [Tier, number] => [tier, p]),
  )
  for (let i = 0; i < rows.length; i += 20_000)
    await insertRows(c, schema, tier, rows.slice(i, i + 20_000))
}
