/** `/ip/address/print`: IPv4 addresses. */
import type { Row } from '../session.ts'
import { str, toBool } from './values.ts'

/**
 * Menu path of the address table.
 * @example await session.print(ADDRESS_PATH)
 */
export const ADDRESS_PATH = '/ip/address'

/**
 * One address with its prefix length split out.
 * @example parseAddresses(rows).map((a) => `${a.ip}/${a.prefixLength}`)
 */
export interface IpAddress {
  id: string | undefined
  address: string
  ip: string
  prefixLength: number | undefined
  network: string | undefined
  interface: string | undefined
  dynamic: boolean
  disabled: boolean
  invalid: boolean
  comment: string | undefined
}

/**
 * Parses address rows.
 * @example parseAddresses([{ address: '10.0.0.1/24', interface: 'ether1' }])[0]?.prefixLength // 24
 */
export function parseAddresses(rows: readonly Row[]): IpAddress[] {
  return rows.map((r) => {
    const address = r.address ?? ''
    const [ip, len] = address.split('/')
    return {
      id: str(r['.id']),
      address,
      ip: ip ?? '',
      prefixLength: len === undefined ? undefined : Number(len),
      network: str(r.network),
      interface: str(r.interface),
      dynamic: toBool(r.dynamic) ?? false,
      disabled: toBool(r.disabled) ?? false,
      invalid: toBool(r.invalid) ?? false,
      comment: str(r.comment),
    }
  })
}
