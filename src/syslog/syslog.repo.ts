// Queries of the syslog domain that are not FTS (src/db/syslog-search.ts has those): a device's
// retention override. Each takes a TenantScope.
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export function findLogCaps(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<{ max_lines: number; max_days: number } | undefined> {
  return scope
    .selectFrom('device_log_caps')
    .select(['max_lines', 'max_days'])
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
}

export async function upsertLogCaps(
  scope: TenantScope,
  deviceId: DeviceId,
  maxLines: number,
  maxDays: number,
): Promise<void> {
  await scope.deleteFrom('device_log_caps').where('device_id', '=', deviceId).execute()
  await scope
    .insertInto('device_log_caps', { device_id: deviceId, max_lines: maxLines, max_days: maxDays })
    .execute()
}

export async function deleteLogCaps(scope: TenantScope, deviceId: DeviceId): Promise<void> {
  await scope.deleteFrom('device_log_caps').where('device_id', '=', deviceId).execute()
}

export function deviceExists(
  scope: TenantScope,
  deviceId: string,
): Promise<{ id: DeviceId; host: string; version: string | null; name: string } | undefined> {
  return scope
    .selectFrom('devices')
    .select(['id', 'host', 'version', 'name'])
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirst()
}
