// Queries of the device-access layer: the row a session needs, sealed-credential rewrites and
// SSH host-key pinning. Every write is conditional on the value it replaces, so a concurrent
// edit of the device always wins over a background re-seal.
import type { Selectable } from 'kysely'
import type { DeviceId, DevicesTable } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'
import type { SealedColumns } from './credentials.ts'

export type AccessRow = Selectable<DevicesTable>

export async function findAccessRow(
  scope: TenantScope,
  id: string,
): Promise<AccessRow | undefined> {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
}

/** Replaces the sealed credentials if they are still the ones that were read (`oldUsernameEnc`). */
export async function replaceSealedCredentials(
  scope: TenantScope,
  id: string,
  oldUsernameEnc: string,
  sealed: SealedColumns,
): Promise<boolean> {
  const r = await scope
    .updateTable('devices')
    .set(sealed)
    .where('id', '=', id as DeviceId)
    .where('username_enc', '=', oldUsernameEnc)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Pins a host key (first contact or an admin's acceptance) with credentials sealed for it. */
export async function pinHostKey(
  scope: TenantScope,
  id: string,
  expected: { ssh_host_key: string | null; username_enc: string },
  hostKey: string,
  sealed: SealedColumns,
): Promise<boolean> {
  let q = scope
    .updateTable('devices')
    .set({ ssh_host_key: hostKey, ssh_host_key_pending: null, ...sealed })
    .where('id', '=', id as DeviceId)
    .where('username_enc', '=', expected.username_enc)
  q =
    expected.ssh_host_key === null
      ? q.where('ssh_host_key', 'is', null)
      : q.where('ssh_host_key', '=', expected.ssh_host_key)
  const r = await q.executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/**
 * Remembers the key a device offered instead of the pinned one, with a "host key changed" event
 * the first time each new key is seen. Returns whether it was new.
 */
export async function recordHostKeyChanged(
  scope: TenantScope,
  id: string,
  offered: string,
  at: number,
  message: string,
): Promise<boolean> {
  return scope.transaction(async (tx) => {
    const r = await tx
      .updateTable('devices')
      .set({ ssh_host_key_pending: offered })
      .where('id', '=', id as DeviceId)
      .where((eb) =>
        eb.or([eb('ssh_host_key_pending', 'is', null), eb('ssh_host_key_pending', '!=', offered)]),
      )
      .executeTakeFirst()
    if (r.numUpdatedRows === 0n) return false
    await tx
      .insertInto('device_events', {
        id: newId(at),
        device_id: id as DeviceId,
        at,
        kind: 'host_key_changed',
        message,
      })
      .execute()
    return true
  })
}
