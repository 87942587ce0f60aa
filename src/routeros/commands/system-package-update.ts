/** `/system/package/update/print`: installed and available RouterOS versions. */
import type { Row } from '../session.ts'
import { firstRow, str } from './values.ts'

/**
 * Menu path of the package update state.
 * @example await session.print(PACKAGE_UPDATE_PATH)
 */
export const PACKAGE_UPDATE_PATH = '/system/package/update'

/**
 * Typed update state; `latestVersion` is only known after `check-for-updates`.
 * @example if (parsePackageUpdate(rows).updateAvailable) notify()
 */
export interface PackageUpdate {
  channel: string | undefined
  installedVersion: string | undefined
  latestVersion: string | undefined
  status: string | undefined
  updateAvailable: boolean
}

/**
 * Parses `/system/package/update/print` (v6 `current-version` or v7 `installed-version`).
 * @example
 * parsePackageUpdate([{ 'installed-version': '7.16' }]).installedVersion // '7.16'
 */
export function parsePackageUpdate(rows: readonly Row[]): PackageUpdate {
  const r = firstRow(rows)
  const installed = str(r['installed-version']) ?? str(r['current-version'])
  const latest = str(r['latest-version'])
  const status = str(r.status)
  return {
    channel: str(r.channel),
    installedVersion: installed,
    latestVersion: latest,
    status,
    updateAvailable:
      (latest !== undefined && installed !== undefined && latest !== installed) ||
      /new version is available/i.test(status ?? ''),
  }
}
