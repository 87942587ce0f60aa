/** `/system/resource/print`: version, uptime, CPU and memory. */
import type { Row } from '../session.ts'
import { firstRow, str, toNumber, toSeconds } from './values.ts'

/**
 * Menu path of the resource table.
 * @example await session.print(RESOURCE_PATH)
 */
export const RESOURCE_PATH = '/system/resource'

/**
 * Typed `/system/resource` row. Sizes are bytes, frequency MHz, load percent.
 * @example const r: SystemResource = parseResource(rows); r.majorVersion === 7
 */
export interface SystemResource {
  version: string
  /** `7.18.2` without the channel. */
  versionNumber: string
  majorVersion: number | undefined
  channel: string | undefined
  uptimeSeconds: number | undefined
  buildTime: string | undefined
  cpu: string | undefined
  cpuCount: number | undefined
  cpuFrequencyMhz: number | undefined
  cpuLoadPercent: number | undefined
  freeMemory: number | undefined
  totalMemory: number | undefined
  freeHddSpace: number | undefined
  totalHddSpace: number | undefined
  architecture: string | undefined
  boardName: string | undefined
  platform: string | undefined
}

/**
 * Splits `"7.18.2 (stable)"` into number and channel.
 * @example
 * parseVersion('6.49.6 (long-term)') // { number: '6.49.6', channel: 'long-term', major: 6 }
 */
export function parseVersion(v: string): {
  number: string
  channel: string | undefined
  major: number | undefined
} {
  const m = /^\s*([\w.]+)(?:\s+\(([^)]*)\))?/.exec(v)
  const number = m?.[1] ?? v
  return { number, channel: m?.[2], major: toNumber(number.split('.')[0]) }
}

/**
 * Parses `/system/resource/print` rows.
 * @example parseResource([{ version: '7.15 (stable)', uptime: '1d' }]).uptimeSeconds // 86400
 */
export function parseResource(rows: readonly Row[]): SystemResource {
  const r = firstRow(rows)
  const version = parseVersion(r.version ?? '')
  return {
    version: r.version ?? '',
    versionNumber: version.number,
    majorVersion: version.major,
    channel: version.channel,
    uptimeSeconds: toSeconds(r.uptime),
    buildTime: str(r['build-time']),
    cpu: str(r.cpu),
    cpuCount: toNumber(r['cpu-count']),
    cpuFrequencyMhz: toNumber(r['cpu-frequency']),
    cpuLoadPercent: toNumber(r['cpu-load']),
    freeMemory: toNumber(r['free-memory']),
    totalMemory: toNumber(r['total-memory']),
    freeHddSpace: toNumber(r['free-hdd-space']),
    totalHddSpace: toNumber(r['total-hdd-space']),
    architecture: str(r['architecture-name']),
    boardName: str(r['board-name']),
    platform: str(r.platform),
  }
}
