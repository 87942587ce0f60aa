import type { Statement } from 'better-sqlite3'
import type { MetricName } from './metric-names.ts'
import type { SamplesDb } from './samples-db.ts'

interface DeviceSeries {
  dev: number
  ids: Map<string, number>
}

/**
 * Maps (tenant, device, metric, label) to the integer series key the sample tables store, and a
 * device to its integer device key (packed blocks are stored per device). Keys are cached per
 * device, so a poll resolves its ~20 series without touching SQLite.
 */
export class SeriesRegistry {
  #byDevice = new Map<string, DeviceSeries>()
  #select: Statement
  #insert: Statement
  #selectDev: Statement
  #insertDev: Statement
  #deleteOpen: Statement
  #deleteDevice: Statement

  constructor(db: SamplesDb) {
    this.#select = db.prepare(
      'SELECT id FROM series WHERE tenant_id = ? AND device_id = ? AND metric = ? AND label = ?',
    )
    this.#insert = db.prepare(
      'INSERT INTO series (tenant_id, device_id, metric, label, dev) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
    this.#selectDev = db.prepare('SELECT id FROM device_keys WHERE tenant_id = ? AND device_id = ?')
    this.#insertDev = db.prepare(
      'INSERT INTO device_keys (tenant_id, device_id) VALUES (?, ?) RETURNING id',
    )
    this.#deleteOpen = db.prepare(
      'DELETE FROM open_buckets WHERE series_id IN (SELECT id FROM series WHERE tenant_id = ? AND device_id = ?)',
    )
    this.#deleteDevice = db.prepare('DELETE FROM series WHERE tenant_id = ? AND device_id = ?')
  }

  /** The series key, created on first use. */
  resolve(tenantId: string, deviceId: string, metric: MetricName, label: string): number {
    const devKey = `${tenantId}/${deviceId}`
    let d = this.#byDevice.get(devKey)
    if (d === undefined) {
      const row = (this.#selectDev.get(tenantId, deviceId) ??
        this.#insertDev.get(tenantId, deviceId)) as { id: number }
      d = { dev: row.id, ids: new Map() }
      this.#byDevice.set(devKey, d)
    }
    const k = `${metric}/${label}`
    const cached = d.ids.get(k)
    if (cached !== undefined) return cached
    const row = (this.#select.get(tenantId, deviceId, metric, label) ??
      this.#insert.get(tenantId, deviceId, metric, label, d.dev)) as { id: number }
    d.ids.set(k, row.id)
    return row.id
  }

  /**
   * Forgets a deleted device; its samples age out with their partitions. Its device key stays,
   * so a later device never gets the same key and its packed blocks.
   */
  removeDevice(tenantId: string, deviceId: string): void {
    this.#byDevice.delete(`${tenantId}/${deviceId}`)
    this.#deleteOpen.run(tenantId, deviceId)
    this.#deleteDevice.run(tenantId, deviceId)
  }
}
