/** `/ip/neighbor/print`: MNDP/CDP/LLDP neighbours. */
import type { Row } from '../session.ts'
import { str, toSeconds } from './values.ts'

/**
 * Menu path of the neighbour table.
 * @example await session.print(NEIGHBOR_PATH)
 */
export const NEIGHBOR_PATH = '/ip/neighbor'

/**
 * One neighbour. `interfaces` splits `ether3,br-lan` (port, bridge).
 * @example const mikrotiks = parseNeighbors(rows).filter((n) => n.platform === 'MikroTik')
 */
export interface Neighbor {
  id: string | undefined
  interfaces: string[]
  address: string | undefined
  address6: string | undefined
  macAddress: string | undefined
  identity: string | undefined
  platform: string | undefined
  version: string | undefined
  board: string | undefined
  softwareId: string | undefined
  remoteInterface: string | undefined
  uptimeSeconds: number | undefined
  ageSeconds: number | undefined
  discoveredBy: string[]
}

const list = (v: string | undefined) => (v ? v.split(',').filter((x) => x !== '') : [])

/**
 * Parses neighbour rows (v6 and v7 fields).
 * @example
 * parseNeighbors([{ interface: 'ether3,br-lan' }])[0]?.interfaces // ['ether3', 'br-lan']
 */
export function parseNeighbors(rows: readonly Row[]): Neighbor[] {
  return rows.map((r) => ({
    id: str(r['.id']),
    interfaces: list(r.interface),
    address: str(r.address4 ?? r.address),
    address6: str(r.address6),
    macAddress: str(r['mac-address']),
    identity: str(r.identity),
    platform: str(r.platform),
    version: str(r.version),
    board: str(r.board),
    softwareId: str(r['software-id']),
    remoteInterface: str(r['interface-name']),
    uptimeSeconds: toSeconds(r.uptime),
    ageSeconds: toSeconds(r.age),
    discoveredBy: list(r['discovered-by']),
  }))
}
