/**
 * Wireless clients: `/interface/wireless/registration-table` (legacy package, v6 and some v7)
 * and `/interface/wifi/registration-table` (v7 wifi package; `wifiwave2` before 7.13).
 */
import type { Row } from '../session.ts'
import { str, toBool, toNumber, toPair, toSeconds } from './values.ts'

/**
 * Menu paths of the registration tables (probe in this order, cache what answers).
 * @example await session.print(REGISTRATION_PATHS.wifi)
 */
export const REGISTRATION_PATHS = {
  wireless: '/interface/wireless/registration-table',
  wifi: '/interface/wifi/registration-table',
  wifiwave2: '/interface/wifiwave2/registration-table',
} as const

/**
 * One associated station, same shape for both packages.
 * @example const weak = parseRegistrations(rows).filter((c) => (c.signal ?? 0) < -75)
 */
export interface WirelessClient {
  id: string | undefined
  interface: string | undefined
  macAddress: string
  ssid: string | undefined
  /** dBm: `signal` (wifi) or the number before `@` in `signal-strength` (legacy). */
  signal: number | undefined
  signalToNoise: number | undefined
  txRate: string | undefined
  rxRate: string | undefined
  txBytes: bigint | undefined
  rxBytes: bigint | undefined
  txCcq: number | undefined
  uptimeSeconds: number | undefined
  lastActivitySeconds: number | undefined
  lastIp: string | undefined
  authorized: boolean | undefined
  band: string | undefined
}

/**
 * Parses either registration table (legacy needs `=stats=` for bytes and CCQ).
 * @example
 * parseRegistrations([{ 'signal-strength': '-51@1Mbps' }])[0]?.signal // -51
 */
export function parseRegistrations(rows: readonly Row[]): WirelessClient[] {
  return rows.map((r) => {
    const bytes = toPair(r.bytes)
    return {
      id: str(r['.id']),
      interface: str(r.interface),
      macAddress: r['mac-address'] ?? '',
      ssid: str(r.ssid),
      signal: toNumber(r.signal ?? r['signal-strength']),
      signalToNoise: toNumber(r['signal-to-noise']),
      txRate: str(r['tx-rate']),
      rxRate: str(r['rx-rate']),
      txBytes: bytes?.tx,
      rxBytes: bytes?.rx,
      txCcq: toNumber(r['tx-ccq']),
      uptimeSeconds: toSeconds(r.uptime),
      lastActivitySeconds: toSeconds(r['last-activity']),
      lastIp: str(r['last-ip']),
      authorized: toBool(r.authorized),
      band: str(r.band),
    }
  })
}
