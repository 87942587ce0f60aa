// Queries on the overlay tables of one tenant (blocks, peers, enrollment URLs).
import type { TenantScope } from '../db/tenant-scope.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { newId } from '../lib/ids.ts'
import type { OverlayPeer } from './overlay.types.ts'

const LIMIT = 5000

export async function findBlock(scope: TenantScope): Promise<number | undefined> {
  const row = await scope.selectFrom('overlay_blocks').select('block').executeTakeFirst()
  return row?.block
}

/** Claims `block` for the tenant; false when another tenant holds it (UNIQUE). */
export async function insertBlock(
  scope: TenantScope,
  block: number,
  now: number,
): Promise<boolean> {
  await scope
    .insertInto('overlay_blocks', { id: newId(now), block, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return (await findBlock(scope)) === block
}

const PEER_COLUMNS = [
  'overlay_peers.device_id',
  'overlay_peers.address',
  'overlay_peers.public_key',
  'overlay_peers.previous_host',
  'overlay_peers.enrolled_at',
] as const

export async function findPeer(
  scope: TenantScope,
  deviceId: string,
): Promise<OverlayPeer | undefined> {
  return scope
    .selectFrom('overlay_peers')
    .select(PEER_COLUMNS)
    .where('device_id', '=', deviceId as DeviceId)
    .executeTakeFirst()
}

/** Every peer of the tenant with its device's name, by address. */
export async function listPeers(
  scope: TenantScope,
): Promise<(OverlayPeer & { device_name: string })[]> {
  return scope
    .selectFrom('overlay_peers')
    .innerJoin('devices', (j) =>
      j
        .onRef('devices.id', '=', 'overlay_peers.device_id')
        .onRef('devices.tenant_id', '=', 'overlay_peers.tenant_id'),
    )
    .select([...PEER_COLUMNS, 'devices.name as device_name'])
    .orderBy('overlay_peers.address')
    .limit(LIMIT)
    .execute()
}

export async function usedAddresses(scope: TenantScope): Promise<Set<string>> {
  const rows = await scope.selectFrom('overlay_peers').select('address').limit(LIMIT).execute()
  return new Set(rows.map((r) => r.address))
}

export async function insertPeer(
  scope: TenantScope,
  deviceId: string,
  address: string,
  now: number,
): Promise<void> {
  await scope
    .insertInto('overlay_peers', {
      id: newId(now),
      device_id: deviceId as DeviceId,
      address,
      public_key: null,
      previous_host: null,
      enrolled_at: null,
      created_at: now,
    })
    .execute()
}

export async function markPeerEnrolled(
  scope: TenantScope,
  deviceId: string,
  publicKey: string,
  previousHost: string,
  now: number,
): Promise<void> {
  await scope
    .updateTable('overlay_peers')
    .set({ public_key: publicKey, previous_host: previousHost, enrolled_at: now })
    .where('device_id', '=', deviceId as DeviceId)
    .execute()
}

export async function insertEnrollment(
  scope: TenantScope,
  row: { deviceId: string; tokenHash: string; expiresAt: number; createdBy: string },
  now: number,
): Promise<void> {
  await scope
    .insertInto('overlay_enrollments', {
      id: newId(now),
      device_id: row.deviceId as DeviceId,
      token_hash: row.tokenHash,
      expires_at: row.expiresAt,
      used_at: null,
      created_by: row.createdBy,
      created_at: now,
    })
    .execute()
}

/** Marks the enrollment used if it is still unused and unexpired; false otherwise (a race lost). */
export async function consumeEnrollment(
  scope: TenantScope,
  id: string,
  now: number,
): Promise<boolean> {
  const r = await scope
    .updateTable('overlay_enrollments')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The device's newest enrollment URL (to show whether it is pending, used or expired). */
export async function latestEnrollment(
  scope: TenantScope,
  deviceId: string,
): Promise<{ expires_at: number; used_at: number | null; created_at: number } | undefined> {
  return scope
    .selectFrom('overlay_enrollments')
    .select(['expires_at', 'used_at', 'created_at'])
    .where('device_id', '=', deviceId as DeviceId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The device columns enrollment needs: name, version, and its sealed endpoint. */
export async function findOverlayDevice(scope: TenantScope, id: string) {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
}

/**
 * Switches a device's management address to its overlay address (the devices table is the
 * devices domain's; this is the one column set the overlay changes, with re-sealed credentials).
 */
export async function switchManagementAddress(
  scope: TenantScope,
  id: string,
  patch: {
    host: string
    host2: string | null
    username_enc: string
    password_enc: string
    credentials_legacy_digest: null
    updated_at: number
  },
): Promise<number> {
  const r = await scope
    .updateTable('devices')
    .set(patch)
    .where('id', '=', id as DeviceId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** A new enrollment supersedes the device's older unused ones: they expire now. */
export async function expirePendingEnrollments(
  scope: TenantScope,
  deviceId: string,
  now: number,
): Promise<void> {
  await scope
    .updateTable('overlay_enrollments')
    .set({ expires_at: now })
    .where('device_id', '=', deviceId as DeviceId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
}
