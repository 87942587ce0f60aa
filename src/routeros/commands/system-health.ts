/** `/system/health/print`: one row of properties on v6, one row per sensor on v7. */
import type { Row } from '../session.ts'
import { toNumber } from './values.ts'

/**
 * Menu path of the health table.
 * @example await session.print(HEALTH_PATH)
 */
export const HEALTH_PATH = '/system/health'

/**
 * One sensor reading; `value` is a number when numeric, else the raw text (`ok`, `fail`).
 * @example const s: HealthSensor = { name: 'temperature', value: 46, unit: 'C' }
 */
export interface HealthSensor {
  name: string
  value: number | string
  unit: string | undefined
}

function unitFor(name: string): string | undefined {
  if (/temperature/.test(name)) return 'C'
  if (/voltage/.test(name)) return 'V'
  if (/current/.test(name)) return 'mA'
  if (/power-consumption|power$/.test(name)) return 'W'
  if (/fan\d*-speed/.test(name)) return 'RPM'
  return undefined
}

function reading(name: string, raw: string, unit: string | undefined): HealthSensor {
  const n = toNumber(raw)
  const numeric = n !== undefined && /^-?\d+(\.\d+)?$/.test(raw.trim())
  return { name, value: numeric ? n : raw, unit: numeric ? unit : undefined }
}

/**
 * Parses both shapes into a flat sensor list (empty for boards without sensors / `!empty`).
 * @example
 * parseHealth([{ voltage: '24.1', temperature: '38' }])          // v6
 * parseHealth([{ name: 'temperature', value: '46', type: 'C' }]) // v7
 */
export function parseHealth(rows: readonly Row[]): HealthSensor[] {
  const perSensor =
    rows.length > 0 && rows.every((r) => r.name !== undefined && r.value !== undefined)
  if (perSensor) {
    return rows.map((r) =>
      reading(r.name as string, r.value as string, r.type || unitFor(r.name as string)),
    )
  }
  const out: HealthSensor[] = []
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      if (!k.startsWith('.')) out.push(reading(k, v, unitFor(k)))
    }
  }
  return out
}
