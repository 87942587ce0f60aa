// What the fleet Firmware page reads: each device's version, the poller's daily update check and
// RouterBOARD reading (device_snapshots), and the latest "check now" (device_firmware).
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export interface FirmwareSourceRow {
  id: DeviceId
  name: string
  version: string | null
  board: string | null
  packageJson: string | null
  packageAt: number | null
  routerboardJson: string | null
  checkChannel: string | null
  checkInstalled: string | null
  checkLatest: string | null
  checkCurrentFw: string | null
  checkUpgradeFw: string | null
  checkedAt: number | null
  checkError: string | null
}

export async function firmwareRows(scope: TenantScope): Promise<FirmwareSourceRow[]> {
  const rows = await scope
    .selectFrom('devices')
    .leftJoin('device_snapshots as pu', (j) =>
      j
        .onRef('pu.device_id', '=', 'devices.id')
        .onRef('pu.tenant_id', '=', 'devices.tenant_id')
        .on('pu.kind', '=', 'package_update'),
    )
    .leftJoin('device_snapshots as rb', (j) =>
      j
        .onRef('rb.device_id', '=', 'devices.id')
        .onRef('rb.tenant_id', '=', 'devices.tenant_id')
        .on('rb.kind', '=', 'routerboard'),
    )
    .leftJoin('device_firmware as fw', (j) =>
      j.onRef('fw.device_id', '=', 'devices.id').onRef('fw.tenant_id', '=', 'devices.tenant_id'),
    )
    .select([
      'devices.id',
      'devices.name',
      'devices.version',
      'devices.board',
      'pu.data_json as packageJson',
      'pu.updated_at as packageAt',
      'rb.data_json as routerboardJson',
      'fw.channel as checkChannel',
      'fw.installed_version as checkInstalled',
      'fw.latest_version as checkLatest',
      'fw.current_firmware as checkCurrentFw',
      'fw.upgrade_firmware as checkUpgradeFw',
      'fw.checked_at as checkedAt',
      'fw.error as checkError',
    ])
    .orderBy('devices.name')
    .limit(20_000)
    .execute()
  return rows as FirmwareSourceRow[]
}

export async function saveCheck(
  scope: TenantScope,
  row: {
    device_id: DeviceId
    channel: string | null
    installed_version: string | null
    latest_version: string | null
    current_firmware: string | null
    upgrade_firmware: string | null
    checked_at: number
    error: string | null
  },
): Promise<void> {
  const { device_id, ...rest } = row
  await scope
    .insertInto('device_firmware', row)
    .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet(rest))
    .execute()
  void device_id
}
