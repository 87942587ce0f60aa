// The last backup attempt of each device (migration 0013) and the device facts capturing needs.
import type { Selectable } from 'kysely'
import type { DeviceBackupStatusTable } from '../db/schema-backups.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'

export type BackupStatusRow = Selectable<DeviceBackupStatusTable>

export function findDeviceFacts(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<{ id: DeviceId; name: string; version: string | null } | undefined> {
  return scope
    .selectFrom('devices')
    .select(['id', 'name', 'version'])
    .where('id', '=', deviceId)
    .executeTakeFirst()
}

/** A stored configuration change on the device's event list (dashboard "Recent events"). */
export async function insertConfigChangedEvent(
  scope: TenantScope,
  deviceId: DeviceId,
  at: number,
  message: string,
): Promise<void> {
  await scope
    .insertInto('device_events', {
      id: newId(at),
      device_id: deviceId,
      at,
      kind: 'config_changed',
      message,
    })
    .execute()
}

/** Records an attempt: `failure` null means it succeeded (stored a version or found no change). */
export async function upsertBackupStatus(
  scope: TenantScope,
  deviceId: DeviceId,
  at: number,
  failure: { code: string; reason: string } | null,
): Promise<void> {
  const values = failure
    ? { last_attempt_at: at, last_error: failure.reason, last_error_code: failure.code }
    : { last_attempt_at: at, last_success_at: at, last_error: null, last_error_code: null }
  await scope
    .insertInto('device_backup_status', { device_id: deviceId, last_success_at: null, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doUpdateSet(values))
    .execute()
}

export function findBackupStatus(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<BackupStatusRow | undefined> {
  return scope
    .selectFrom('device_backup_status')
    .selectAll()
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
}

/** Every device of the tenant with its last attempt and newest version time (fleet page, run-all). */
export function listFleetBackupState(scope: TenantScope): Promise<
  {
    id: DeviceId
    name: string
    last_attempt_at: number | null
    last_success_at: number | null
    last_error: string | null
    last_version_at: number | null
  }[]
> {
  return scope
    .selectFrom('devices')
    .leftJoin('device_backup_status as s', (j) =>
      j.onRef('s.device_id', '=', 'devices.id').onRef('s.tenant_id', '=', 'devices.tenant_id'),
    )
    .select((eb) => [
      'devices.id as id',
      'devices.name as name',
      's.last_attempt_at as last_attempt_at',
      's.last_success_at as last_success_at',
      's.last_error as last_error',
      eb
        .selectFrom('device_backups as b')
        .select((e) => e.fn.max('b.captured_at').as('m'))
        .whereRef('b.device_id', '=', 'devices.id')
        .whereRef('b.tenant_id', '=', 'devices.tenant_id')
        .as('last_version_at'),
    ])
    .orderBy('devices.name')
    .execute()
}
