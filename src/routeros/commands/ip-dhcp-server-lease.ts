/** `/ip/dhcp-server/lease/print`: DHCP leases. */
import type { Row } from '../session.ts'
import { str, toBool, toSeconds } from './values.ts'

/**
 * Menu path of the lease table.
 * @example await session.print(DHCP_LEASE_PATH)
 */
export const DHCP_LEASE_PATH = '/ip/dhcp-server/lease'

/**
 * One lease. `hostName` stays a string even when it is all digits.
 * @example const bound = parseDhcpLeases(rows).filter((l) => l.status === 'bound')
 */
export interface DhcpLease {
  id: string | undefined
  address: string | undefined
  activeAddress: string | undefined
  macAddress: string | undefined
  hostName: string | undefined
  clientId: string | undefined
  server: string | undefined
  status: string | undefined
  expiresAfterSeconds: number | undefined
  lastSeenSeconds: number | undefined
  dynamic: boolean
  disabled: boolean
  blocked: boolean
  comment: string | undefined
}

/**
 * Parses lease rows.
 * @example parseDhcpLeases([{ address: '10.0.0.5', 'host-name': '1234' }])[0]?.hostName // '1234'
 */
export function parseDhcpLeases(rows: readonly Row[]): DhcpLease[] {
  return rows.map((r) => ({
    id: str(r['.id']),
    address: str(r.address),
    activeAddress: str(r['active-address']),
    macAddress: str(r['mac-address'] ?? r['active-mac-address']),
    hostName: str(r['host-name']),
    clientId: str(r['client-id']),
    server: str(r.server),
    status: str(r.status),
    expiresAfterSeconds: toSeconds(r['expires-after']),
    lastSeenSeconds: toSeconds(r['last-seen']),
    dynamic: toBool(r.dynamic) ?? false,
    disabled: toBool(r.disabled) ?? false,
    blocked: toBool(r.blocked) ?? false,
    comment: str(r.comment),
  }))
}
