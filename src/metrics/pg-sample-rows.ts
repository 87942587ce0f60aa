import type pg from 'pg'
import type { PgSeriesKeys } from './pg-series-keys.ts'
import type { ClosedRollup } from './sample-buffer.ts'
import type { Tier, TierName } from './tiers.ts'

/** One sample or rollup row of the PostgreSQL store (raw rows: avg = max = value, n = 1). */
export interface Row {
  t: string
  id: number
  ts: number
  avg: number
  max: number
  n: number
}

/**
 * Rows per tier keyed by series and time. One INSERT … ON CONFLICT may not touch a row twice, so
 * a repeated raw sample replaces the earlier one (SQLite's INSERT OR REPLACE) and rollups of the
 * same bucket merge (the upsert's rule). Series of a removed device are left out.
 */
export function sampleRows(
  tiers: Record<TierName, Tier>,
  keys: PgSeriesKeys,
  raw: number[],
  rollups: ClosedRollup[],
): Map<Tier, Map<string, Row>> {
  const out = new Map<Tier, Map<string, Row>>(Object.values(tiers).map((t) => [t, new Map()]))
  const rawRows = out.get(tiers.raw) as Map<string, Row>
  for (let i = 0; i < raw.length; i += 3) {
    const local = raw[i] as number
    const id = keys.dbId(local)
    if (id === undefined) continue
    const ts = raw[i + 1] as number
    const v = raw[i + 2] as number
    rawRows.set(`${id}/${ts}`, { t: keys.tenantOf(local), id, ts, avg: v, max: v, n: 1 })
  }
  for (const { tier, b } of rollups) {
    const id = keys.dbId(b.seriesId)
    if (id === undefined) continue
    const m = out.get(tier) as Map<string, Row>
    const k = `${id}/${b.ts}`
    const had = m.get(k)
    if (had === undefined) {
      m.set(k, { t: keys.tenantOf(b.seriesId), id, ts: b.ts, avg: b.avg, max: b.max, n: b.n })
      continue
    }
    had.avg = (had.avg * had.n + b.avg * b.n) / (had.n + b.n)
    had.max = Math.max(had.max, b.max)
    had.n += b.n
  }
  return out
}

/** One multi-row upsert from unnest arrays (a handful of parameters whatever the row count). */
export async function insertRows(
  client: pg.PoolClient,
  schema: string,
  tier: Tier,
  rows: Row[],
): Promise<void> {
  const t = `${schema}.${tier.name}`
  const base = [rows.map((r) => r.t), rows.map((r) => r.id), rows.map((r) => r.ts)]
  if (tier.bucketS === 0) {
    await client.query(
      `INSERT INTO ${t} AS o (tenant_id, series_id, ts, value)
       SELECT * FROM unnest($1::text[], $2::int4[], $3::int8[], $4::float8[])
       ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value`,
      [...base, rows.map((r) => r.avg)],
    )
    return
  }
  // a bucket written before (a restart, a device that came back) merges like SQLite's upsert
  await client.query(
    `INSERT INTO ${t} AS o (tenant_id, series_id, ts, avg, max, n)
     SELECT * FROM unnest($1::text[], $2::int4[], $3::int8[], $4::float8[], $5::float8[], $6::int4[])
     ON CONFLICT (series_id, ts) DO UPDATE SET
       avg = (o.avg * o.n + excluded.avg * excluded.n) / (o.n + excluded.n),
       max = GREATEST(o.max, excluded.max), n = o.n + excluded.n`,
    [...base, rows.map((r) => r.avg), rows.map((r) => r.max), rows.map((r) => r.n)],
  )
}
