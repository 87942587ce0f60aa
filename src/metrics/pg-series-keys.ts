import type pg from 'pg'
import type { MetricName } from './metric-names.ts'

export interface SeriesName {
  tenantId: string
  deviceId: string
  metric: MetricName
  label: string
}

/** dbId of a series not looked up yet / of a removed device's series (its samples are dropped) */
const UNRESOLVED = 0
const REMOVED = -1

/**
 * Series keys for the PostgreSQL store. `record` must not wait on the network, so a series first
 * gets a local key (an index, also what the rollup accumulators are keyed by); its database id is
 * looked up (or created) for all new series of a flush in two statements.
 */
export class PgSeriesKeys {
  readonly #schema: string
  #byDevice = new Map<string, Map<string, number>>()
  #names: (SeriesName | undefined)[] = []
  #dbIds: number[] = []

  constructor(schema: string) {
    this.#schema = schema
  }

  /** The local key of a series, new ones created in memory only. */
  local(tenantId: string, deviceId: string, metric: MetricName, label: string): number {
    const devKey = `${tenantId}\u0000${deviceId}`
    let dev = this.#byDevice.get(devKey)
    if (dev === undefined) {
      dev = new Map()
      this.#byDevice.set(devKey, dev)
    }
    const k = `${metric}\u0000${label}`
    let id = dev.get(k)
    if (id === undefined) {
      id = this.#names.length
      this.#names.push({ tenantId, deviceId, metric, label })
      this.#dbIds.push(UNRESOLVED)
      dev.set(k, id)
    }
    return id
  }

  /** A series already stored (restored open buckets): its local key, with its database id known. */
  known(name: SeriesName, dbId: number): number {
    const id = this.local(name.tenantId, name.deviceId, name.metric, name.label)
    this.#dbIds[id] = dbId
    return id
  }

  /** Database id of a local key; undefined for a removed device's series. */
  dbId(local: number): number | undefined {
    const id = this.#dbIds[local] as number
    return id > 0 ? id : undefined
  }

  /** The devices of some series, each with all its series (open buckets are saved per device). */
  *devicesOf(
    locals: Iterable<number>,
  ): Generator<{ tenantId: string; deviceId: string; locals: Iterable<number> }> {
    const seen = new Set<string>()
    for (const local of locals) {
      const n = this.#names[local] as SeriesName
      const devKey = `${n.tenantId}\u0000${n.deviceId}`
      if (seen.has(devKey)) continue
      seen.add(devKey)
      const dev = this.#byDevice.get(devKey)
      if (dev !== undefined)
        yield { tenantId: n.tenantId, deviceId: n.deviceId, locals: dev.values() }
    }
  }

  tenantOf(local: number): string {
    return (this.#names[local] as SeriesName).tenantId
  }

  /** Looks up (creating where missing) the database ids of the given local keys. */
  async resolve(db: pg.Pool | pg.PoolClient, locals: Iterable<number>): Promise<void> {
    const todo = [...new Set(locals)].filter((l) => this.#dbIds[l] === UNRESOLVED)
    if (todo.length === 0) return
    const names = todo.map((l) => this.#names[l] as SeriesName)
    const cols = [
      names.map((n) => n.tenantId),
      names.map((n) => n.deviceId),
      names.map((n) => n.metric),
      names.map((n) => n.label),
    ]
    const input = 'unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(t, d, m, l)'
    await db.query(
      `INSERT INTO ${this.#schema}.series (tenant_id, device_id, metric, label)
       SELECT t, d, m, l FROM ${input} ON CONFLICT DO NOTHING`,
      cols,
    )
    const r = await db.query<{ id: number; t: string; d: string; m: string; l: string }>(
      `SELECT s.id, x.t, x.d, x.m, x.l FROM ${input} JOIN ${this.#schema}.series s
       ON s.tenant_id = x.t AND s.device_id = x.d AND s.metric = x.m AND s.label = x.l`,
      cols,
    )
    for (const row of r.rows) {
      const local = this.#byDevice.get(`${row.t}\u0000${row.d}`)?.get(`${row.m}\u0000${row.l}`)
      if (local !== undefined && this.#dbIds[local] === UNRESOLVED) this.#dbIds[local] = row.id
    }
  }

  /** Forgets a device: its local keys stop mapping to rows (buffered samples are dropped). */
  removeDevice(tenantId: string, deviceId: string): void {
    const devKey = `${tenantId}\u0000${deviceId}`
    for (const local of this.#byDevice.get(devKey)?.values() ?? []) this.#dbIds[local] = REMOVED
    this.#byDevice.delete(devKey)
  }
}
