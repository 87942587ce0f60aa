import type pg from 'pg'
import type { MetricName } from './metric-names.ts'
import type { PgSeriesKeys } from './pg-series-keys.ts'
import type { RollupAccumulator } from './rollup-accumulator.ts'

type Accs = readonly { acc: RollupAccumulator }[]

/** per open bucket: series id, tier index, bucket start, sum, max, count */
const FIELDS = 6

/**
 * The open rollup buckets, saved with the samples of every flush (as metrics-writer.ts does in
 * samples.db) so a crash loses no more of a rollup than of the raw samples. One row per device
 * holding all its buckets packed as doubles: a row per series and tier made the upsert cost
 * three times the samples' insert on PostgreSQL (150,000 rows a flush for 3,000 devices).
 */
export async function saveOpenBuckets(
  client: pg.PoolClient,
  schema: string,
  keys: PgSeriesKeys,
  accs: Accs,
  touched: Set<number>,
): Promise<void> {
  const save: [string[], string[], Buffer[]] = [[], [], []]
  const drop: [string[], string[]] = [[], []]
  for (const dev of keys.devicesOf(touched)) {
    const data: number[] = []
    for (const local of dev.locals) {
      const id = keys.dbId(local)
      if (id === undefined) continue
      accs.forEach(({ acc }, tier) => {
        const b = acc.open(local)
        if (b !== undefined) data.push(id, tier, b.ts, b.sum, b.max, b.n)
      })
    }
    const into = data.length === 0 ? drop : save
    into[0].push(dev.tenantId)
    into[1].push(dev.deviceId)
    if (data.length > 0) save[2].push(Buffer.from(new Float64Array(data).buffer))
  }
  if (drop[0].length > 0)
    await client.query(
      `DELETE FROM ${schema}.open_buckets WHERE (tenant_id, device_id) IN
       (SELECT * FROM unnest($1::text[], $2::text[]))`,
      drop,
    )
  if (save[0].length > 0)
    await client.query(
      `INSERT INTO ${schema}.open_buckets (tenant_id, device_id, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
       ON CONFLICT (tenant_id, device_id) DO UPDATE SET data = excluded.data`,
      save,
    )
}

/** Puts back the open buckets saved before a restart or crash (and caches their series keys). */
export async function restoreOpenBuckets(
  pool: pg.Pool | pg.PoolClient,
  schema: string,
  keys: PgSeriesKeys,
  accs: Accs,
): Promise<void> {
  const series = await pool.query<{
    id: number
    tenant_id: string
    device_id: string
    metric: MetricName
    label: string
  }>(
    `SELECT s.id, s.tenant_id, s.device_id, s.metric, s.label FROM ${schema}.series s
     JOIN ${schema}.open_buckets o ON o.tenant_id = s.tenant_id AND o.device_id = s.device_id`,
  )
  const localOf = new Map<number, number>()
  for (const r of series.rows) {
    const name = { tenantId: r.tenant_id, deviceId: r.device_id, metric: r.metric, label: r.label }
    localOf.set(r.id, keys.known(name, r.id))
  }
  const rows = await pool.query<{ data: Buffer }>(`SELECT data FROM ${schema}.open_buckets`)
  for (const { data } of rows.rows) {
    const v = new Float64Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length))
    for (let i = 0; i + FIELDS <= v.length; i += FIELDS) {
      const local = localOf.get(v[i] as number)
      const acc = accs[v[i + 1] as number]?.acc
      if (local === undefined || acc === undefined) continue // a series removed meanwhile
      acc.restore(local, {
        ts: v[i + 2] as number,
        sum: v[i + 3] as number,
        max: v[i + 4] as number,
        n: v[i + 5] as number,
      })
    }
  }
}
