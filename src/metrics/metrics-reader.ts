import type { MetricName } from './metric-names.ts'
import type { PartitionTables } from './partition-tables.ts'
import { packedTableName, partitionOf, tableName, type Tier, type TierName } from './tiers.ts'

export interface SeriesPoint {
  /** Epoch ms (bucket start for rollups). */
  t: number
  avg: number
  max: number
}

export interface SeriesQuery {
  tenantId: string
  deviceId: string
  metric: MetricName
  label?: string
  fromMs: number
  toMs: number
}

/** Raw samples up to 6 h, 5-minute rollups up to 8 days, hourly beyond (and past retention). */
export function pickTier(
  tiers: Record<TierName, Tier>,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Tier {
  const spanS = (toMs - fromMs) / 1000
  const ageS = (nowMs - fromMs) / 1000
  if (spanS <= 6 * 3600 && ageS <= tiers.raw.retentionS) return tiers.raw
  if (spanS <= 8 * 86_400 && ageS <= tiers.m5.retentionS) return tiers.m5
  return tiers.h1
}

/**
 * Reads one series for a chart: packed blocks (compactor.ts) and the rows not packed yet. The
 * series is looked up by tenant and device together, so a device id of another tenant yields no
 * points.
 */
export function readSeries(
  tables: PartitionTables,
  tiers: Record<TierName, Tier>,
  q: SeriesQuery,
  nowMs: number,
): { tier: TierName; points: SeriesPoint[] } {
  const tier = pickTier(tiers, q.fromMs, q.toMs, nowMs)
  const row = tables
    .select(
      'series',
      'SELECT id, dev FROM {t} WHERE tenant_id = ? AND device_id = ? AND metric = ? AND label = ?',
    )
    .get(q.tenantId, q.deviceId, q.metric, q.label ?? '') as
    { id: number; dev: number | null } | undefined
  if (row === undefined) return { tier: tier.name, points: [] }
  const points = tierPoints(
    tables,
    tier,
    row,
    Math.floor(q.fromMs / 1000),
    Math.floor(q.toMs / 1000),
  )
  return { tier: tier.name, points }
}

/** One series' points of one tier between two times (epoch s): packed blocks and loose rows. */
export function tierPoints(
  tables: PartitionTables,
  tier: Tier,
  series: { id: number; dev: number | null },
  fromS: number,
  toS: number,
): SeriesPoint[] {
  const points = [
    ...packedPoints(tables, tier, series.id, series.dev, fromS, toS),
    ...rowPoints(tables, tier, series.id, fromS, toS),
  ]
  // rows of a block are deleted when it is packed, so the two parts never hold the same point
  return points.sort((a, b) => a.t - b.t)
}

function rowPoints(
  tables: PartitionTables,
  tier: Tier,
  id: number,
  fromS: number,
  toS: number,
): SeriesPoint[] {
  const cols = tier.bucketS > 0 ? 'ts, avg, max' : 'ts, value AS avg, value AS max'
  const points: SeriesPoint[] = []
  for (let p = partitionOf(tier, fromS); p <= partitionOf(tier, toS); p++) {
    const table = tableName(tier, p)
    if (!tables.exists(table)) continue
    const rows = tables
      .select(
        table,
        `SELECT ${cols} FROM {t} WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      )
      .all(id, fromS, toS) as { ts: number; avg: number; max: number }[]
    for (const r of rows) points.push({ t: r.ts * 1000, avg: r.avg, max: r.max })
  }
  return points
}

function packedPoints(
  tables: PartitionTables,
  tier: Tier,
  id: number,
  dev: number | null,
  fromS: number,
  toS: number,
): SeriesPoint[] {
  if (dev === null) return []
  const rollup = tier.bucketS > 0
  const step = rollup ? tier.bucketS : 1
  const firstBlock = Math.floor(fromS / tier.blockS) * tier.blockS
  const points: SeriesPoint[] = []
  for (let p = partitionOf(tier, firstBlock); p <= partitionOf(tier, toS); p++) {
    const table = packedTableName(tier, p)
    if (!tables.exists(table)) continue
    const blocks = tables
      .select(
        table,
        'SELECT block, data FROM {t} WHERE dev = ? AND block >= ? AND block <= ? ORDER BY block',
      )
      .all(dev, firstBlock, toS) as { block: number; data: Buffer }[]
    for (const b of blocks) {
      const s = tables.blocks.series(b.data, b.block, step, rollup, id)
      if (s === undefined) continue
      const avg = s.cols[0] as number[]
      const max = (s.cols[1] ?? avg) as number[]
      s.ts.forEach((ts, i) => {
        if (ts >= fromS && ts <= toS)
          points.push({ t: ts * 1000, avg: avg[i] as number, max: max[i] as number })
      })
    }
  }
  return points
}

/** Labels (interfaces, sensors) a device has for a metric. */
export function listLabels(
  tables: PartitionTables,
  tenantId: string,
  deviceId: string,
  metric: MetricName,
): string[] {
  const rows = tables.db
    .prepare(
      'SELECT label FROM series WHERE tenant_id = ? AND device_id = ? AND metric = ? ORDER BY label',
    )
    .all(tenantId, deviceId, metric) as { label: string }[]
  return rows.map((r) => r.label)
}
