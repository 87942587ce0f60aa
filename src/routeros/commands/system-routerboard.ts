/** `/system/routerboard/print`: model, serial and firmware of RouterBOARD hardware. */
import type { Row } from '../session.ts'
import { firstRow, str, toBool } from './values.ts'

/**
 * Menu path of the routerboard table.
 * @example await session.print(ROUTERBOARD_PATH)
 */
export const ROUTERBOARD_PATH = '/system/routerboard'

/**
 * Typed routerboard row; on CHR/x86 only `routerboard: false` is set.
 * @example if (parseRouterboard(rows).upgradeAvailable) scheduleFirmwareUpgrade()
 */
export interface Routerboard {
  routerboard: boolean
  model: string | undefined
  serialNumber: string | undefined
  firmwareType: string | undefined
  factoryFirmware: string | undefined
  currentFirmware: string | undefined
  upgradeFirmware: string | undefined
  /** True when `upgrade-firmware` differs from `current-firmware`. */
  upgradeAvailable: boolean
}

/**
 * Parses `/system/routerboard/print` rows.
 * @example parseRouterboard([{ routerboard: 'false' }]).routerboard // false
 */
export function parseRouterboard(rows: readonly Row[]): Routerboard {
  const r = firstRow(rows)
  const current = str(r['current-firmware'])
  const upgrade = str(r['upgrade-firmware'])
  return {
    routerboard: toBool(r.routerboard) ?? false,
    model: str(r.model),
    serialNumber: str(r['serial-number']),
    firmwareType: str(r['firmware-type']),
    factoryFirmware: str(r['factory-firmware']),
    currentFirmware: current,
    upgradeFirmware: upgrade,
    upgradeAvailable: current !== undefined && upgrade !== undefined && current !== upgrade,
  }
}
