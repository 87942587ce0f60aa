import type { Selectable } from 'kysely'
import type { DeviceId, DevicesTable } from '../db/schema-devices.ts'
import type { DeviceSnapshotKind } from '../db/schema-poller.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import type { DeviceEvent } from './change-events.ts'
import type { DeviceRowPatch } from './poll-result.ts'

export type DeviceRow = Selectable<DevicesTable>

/** The device row with everything needed to connect (sealed credentials included). */
export async function findDeviceForPoll(
  scope: TenantScope,
  id: string,
): Promise<DeviceRow | undefined> {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
}

/**
 * Writes the poll's columns; never touches updated_at (that one signals user edits). Returns
 * false when the row is gone (deleted while it was polled).
 */
export async function updateDevicePollState(
  scope: TenantScope,
  id: string,
  patch: DeviceRowPatch,
): Promise<boolean> {
  const r = await scope
    .updateTable('devices')
    .set(patch)
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

export async function insertDeviceEvents(
  scope: TenantScope,
  deviceId: string,
  events: readonly DeviceEvent[],
  at: number,
): Promise<void> {
  if (events.length === 0) return
  const rows = events.map((e) => ({
    id: newId(at),
    device_id: deviceId as DeviceId,
    at,
    kind: e.kind,
    message: e.message,
  }))
  await scope.insertInto('device_events', rows).execute()
}

export async function upsertSnapshot(
  scope: TenantScope,
  deviceId: string,
  kind: DeviceSnapshotKind,
  dataJson: string,
  at: number,
): Promise<void> {
  await scope
    .insertInto('device_snapshots', {
      device_id: deviceId as DeviceId,
      kind,
      data_json: dataJson,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'device_id', 'kind'])
        .doUpdateSet({ data_json: dataJson, updated_at: at }),
    )
    .execute()
}

/** Recent events of the tenant (dashboard) or of one device (device page), newest first. */
export async function listDeviceEvents(
  scope: TenantScope,
  opts: { deviceId?: string; limit: number; before?: { at: number; id: string } },
): Promise<{ id: string; device_id: string; at: number; kind: string; message: string }[]> {
  let q = scope.selectFrom('device_events').select(['id', 'device_id', 'at', 'kind', 'message'])
  if (opts.deviceId !== undefined) q = q.where('device_id', '=', opts.deviceId as DeviceId)
  // keyset paging (the API's cursor): strictly older than the last event of the previous page
  const before = opts.before
  if (before)
    q = q.where((eb) =>
      eb.or([
        eb('at', '<', before.at),
        eb.and([eb('at', '=', before.at), eb('id', '<', before.id)]),
      ]),
    )
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()
}

/** The latest snapshot of one kind for a device, parsed by the caller. */
export async function findSnapshot(
  scope: TenantScope,
  deviceId: string,
  kind: DeviceSnapshotKind,
): Promise<{ data_json: string; updated_at: number } | undefined> {
  return scope
    .selectFrom('device_snapshots')
    .select(['data_json', 'updated_at'])
    .where('device_id', '=', deviceId as DeviceId)
    .where('kind', '=', kind)
    .executeTakeFirst()
}
