/** `/system/identity/print`: the router's name. */
import type { Row } from '../session.ts'
import { firstRow } from './values.ts'

/**
 * Menu path of the identity.
 * @example await session.print(IDENTITY_PATH)
 */
export const IDENTITY_PATH = '/system/identity'

/**
 * Parses `/system/identity/print` rows.
 * @example parseIdentity([{ name: 'MikroTik' }]) // { name: 'MikroTik' }
 */
export function parseIdentity(rows: readonly Row[]): { name: string } {
  return { name: firstRow(rows).name ?? '' }
}
