// Queries of the changes domain: change rows (history, state transitions), the tenant's window
// setting, the device row a session needs and the 'config_change_lost' device event.
import type { Selectable } from 'kysely'
import type { DeviceChangesTable } from '../db/schema-changes.ts'
import type { DeviceId, DevicesTable } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'

export type ChangeRow = Selectable<DeviceChangesTable>
export type DeviceRow = Selectable<DevicesTable>

export function findDeviceRow(scope: TenantScope, id: string): Promise<DeviceRow | undefined> {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
}

export async function insertChange(
  scope: TenantScope,
  row: Omit<ChangeRow, 'tenant_id'>,
): Promise<void> {
  await scope.insertInto('device_changes', row).execute()
}

export async function updateChange(
  scope: TenantScope,
  id: string,
  patch: Partial<Omit<ChangeRow, 'id' | 'tenant_id'>>,
): Promise<void> {
  await scope.updateTable('device_changes').set(patch).where('id', '=', id).execute()
}

export function findChange(
  scope: TenantScope,
  deviceId: string,
  id: string,
): Promise<ChangeRow | undefined> {
  return scope
    .selectFrom('device_changes')
    .selectAll()
    .where('device_id', '=', deviceId as DeviceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listChanges(
  scope: TenantScope,
  deviceId: string,
  limit: number,
): Promise<ChangeRow[]> {
  return scope
    .selectFrom('device_changes')
    .selectAll()
    .where('device_id', '=', deviceId as DeviceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function findWindowSetting(scope: TenantScope): Promise<number | undefined> {
  const r = await scope.selectFrom('change_settings').select('safe_window_s').executeTakeFirst()
  return r?.safe_window_s
}

export async function saveWindowSetting(scope: TenantScope, windowS: number): Promise<void> {
  await scope.transaction(async (tx) => {
    const had = await tx
      .updateTable('change_settings')
      .set({ safe_window_s: windowS })
      .executeTakeFirst()
    if (had.numUpdatedRows === 0n)
      await tx.insertInto('change_settings', { safe_window_s: windowS }).execute()
  })
}

export async function insertLostEvent(
  scope: TenantScope,
  deviceId: string,
  at: number,
  message: string,
): Promise<void> {
  await scope
    .insertInto('device_events', {
      id: newId(at),
      device_id: deviceId as DeviceId,
      at,
      kind: 'config_change_lost',
      message,
    })
    .execute()
}
