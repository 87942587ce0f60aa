// Queries of the backups domain; every one goes through a TenantScope.
import type { Selectable } from 'kysely'
import { fullTextMatch, fullTextRank } from '../db/dialect.ts'
import type { DeviceBackupsTable } from '../db/schema-backups.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type BackupRow = Selectable<DeviceBackupsTable>
export type BackupMeta = Omit<BackupRow, 'sealed'>

const META = [
  'id',
  'tenant_id',
  'device_id',
  'captured_at',
  'status',
  'status_reason',
  'routeros_version',
  'raw_size',
  'normalized_size',
  'stored_size',
  'content_hash',
  'codec',
  'lines_added',
  'lines_removed',
  'sections_json',
] as const

export async function deviceExists(scope: TenantScope, deviceId: DeviceId): Promise<boolean> {
  const row = await scope
    .selectFrom('devices')
    .select('id')
    .where('id', '=', deviceId)
    .executeTakeFirst()
  return row !== undefined
}

/** The newest stored version of a device, with its sealed payload. */
export function findLatestBackup(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<BackupRow | undefined> {
  return scope
    .selectFrom('device_backups')
    .selectAll()
    .where('device_id', '=', deviceId)
    .orderBy('captured_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function findBackup(
  scope: TenantScope,
  deviceId: DeviceId,
  id: string,
): Promise<BackupRow | undefined> {
  return scope
    .selectFrom('device_backups')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Versions of a device, newest first (metadata only). */
export function listBackups(
  scope: TenantScope,
  deviceId: DeviceId,
  limit: number,
): Promise<BackupMeta[]> {
  return scope
    .selectFrom('device_backups')
    .select(META)
    .where('device_id', '=', deviceId)
    .orderBy('captured_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function insertBackup(
  scope: TenantScope,
  row: NewRow<'device_backups'>,
): Promise<void> {
  await scope.insertInto('device_backups', row).execute()
}

export async function deleteBackups(
  scope: TenantScope,
  deviceId: DeviceId,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0
  const r = await scope
    .deleteFrom('device_backups')
    .where('device_id', '=', deviceId)
    .where('id', 'in', ids)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Replaces the device's entry in the fleet search index (masked text only). */
export async function replaceSearchEntry(
  scope: TenantScope,
  deviceId: DeviceId,
  backupId: string,
  maskedBody: string,
): Promise<void> {
  await scope.deleteFrom('device_config_search').where('device_id', '=', deviceId).execute()
  await scope
    .insertInto('device_config_search', {
      device_id: deviceId,
      backup_id: backupId,
      body: maskedBody,
    })
    .execute()
}

/** Devices whose latest config matches an FTS5 query, best match first. */
export function searchLatestConfigs(
  scope: TenantScope,
  ftsQuery: string,
  limit: number,
): Promise<{ device_id: DeviceId; backup_id: string; body: string }[]> {
  return scope
    .selectFrom('device_config_search')
    .select(['device_id', 'backup_id', 'body'])
    .where(fullTextMatch('body', ftsQuery))
    .orderBy(fullTextRank('body', ftsQuery))
    .limit(limit)
    .execute()
}
