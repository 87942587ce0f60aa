/** `/interface/print`: interfaces with their 64-bit traffic counters. */
import type { Row } from '../session.ts'
import { str, toBigInt, toBool, toNumber } from './values.ts'

/**
 * Menu path of the interface table.
 * @example await session.print(INTERFACE_PATH)
 */
export const INTERFACE_PATH = '/interface'

/**
 * One interface; counters are bigint (they exceed 2^53 on busy links) and reset on reboot.
 * @example const bytes = parseInterfaces(rows)[0]?.rxByte ?? 0n
 */
export interface InterfaceInfo {
  id: string | undefined
  name: string
  type: string | undefined
  defaultName: string | undefined
  macAddress: string | undefined
  mtu: number | undefined
  comment: string | undefined
  running: boolean
  disabled: boolean
  slave: boolean
  dynamic: boolean
  linkDowns: number | undefined
  rxByte: bigint | undefined
  txByte: bigint | undefined
  rxPacket: bigint | undefined
  txPacket: bigint | undefined
  rxDrop: bigint | undefined
  txDrop: bigint | undefined
  rxError: bigint | undefined
  txError: bigint | undefined
}

/**
 * Parses `/interface/print` rows.
 * @example parseInterfaces([{ name: 'ether1', 'rx-byte': '18446744073709551615' }])[0]?.rxByte
 */
export function parseInterfaces(rows: readonly Row[]): InterfaceInfo[] {
  return rows.map((r) => ({
    id: str(r['.id']),
    name: r.name ?? '',
    type: str(r.type),
    defaultName: str(r['default-name']),
    macAddress: str(r['mac-address']),
    mtu: toNumber(r['actual-mtu'] ?? r.mtu),
    comment: str(r.comment),
    running: toBool(r.running) ?? false,
    disabled: toBool(r.disabled) ?? false,
    slave: toBool(r.slave) ?? false,
    dynamic: toBool(r.dynamic) ?? false,
    linkDowns: toNumber(r['link-downs']),
    rxByte: toBigInt(r['rx-byte']),
    txByte: toBigInt(r['tx-byte']),
    rxPacket: toBigInt(r['rx-packet']),
    txPacket: toBigInt(r['tx-packet']),
    rxDrop: toBigInt(r['rx-drop']),
    txDrop: toBigInt(r['tx-drop']),
    rxError: toBigInt(r['rx-error']),
    txError: toBigInt(r['tx-error']),
  }))
}
