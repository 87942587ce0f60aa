import type { Statement } from 'better-sqlite3'
import type { MetricName } from './metric-names.ts'
import type { SamplesDb } from './samples-db.ts'

/**
 * Maps (tenant, device, metric, label) to the integer series key the sample tables store.
 * Keys are cached per device, so a poll resolves its ~20 series without touching SQLite.
 */
export class SeriesRegistry {
  #byDevice = new Map<string, Map<string, number>>()
  #select: Statement
  #insert: Statement
  #deleteDevice: Statement

  constructor(db: SamplesDb) {
    this.#select = db.prepare(
      'SELECT id FROM series WHERE tenant_id = ? AND device_id = ? AND metric = ? AND label = ?',
    )
    this.#insert = db.prepare(
      'INSERT INTO series (tenant_id, device_id, metric, label) VALUES (?, ?, ?, ?) RETURNING id',
    )
    this.#deleteDevice = db.prepare('DELETE FROM series WHERE tenant_id = ? AND device_id = ?')
  }

  /** The series key, created on first use. */
  resolve(tenantId: string, deviceId: string, metric: MetricName, label: string): number {
    const devKey = `${tenantId}/${deviceId}`
    let m = this.#byDevice.get(devKey)
    if (m === undefined) {
      m = new Map()
      this.#byDevice.set(devKey, m)
    }
    const k = `${metric}/${label}`
    const cached = m.get(k)
    if (cached !== undefined) return cached
    const row = (this.#select.get(tenantId, deviceId, metric, label) ??
      this.#insert.get(tenantId, deviceId, metric, label)) as { id: number }
    m.set(k, row.id)
    return row.id
  }

  /** Forgets a deleted device; its samples age out with their partitions. */
  removeDevice(tenantId: string, deviceId: string): void {
    this.#byDevice.delete(`${tenantId}/${deviceId}`)
    this.#deleteDevice.run(tenantId, deviceId)
  }
}
