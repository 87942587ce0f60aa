// Queries of credential profiles and of which devices follow them.
import type { Selectable } from 'kysely'
import type {
  CredentialProfileId,
  CredentialProfilesTable,
} from '../db/schema-credential-profiles.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { CredentialProfileView } from './credential-profiles.types.ts'

export type ProfileRow = Selectable<CredentialProfilesTable>

export async function listProfiles(
  scope: TenantScope,
  limit = 1000,
): Promise<CredentialProfileView[]> {
  const rows = await scope
    .selectFrom('credential_profiles')
    .select(['id', 'name', 'username', 'created_at', 'updated_at'])
    .orderBy('name')
    .limit(limit)
    .execute()
  const counts = await scope
    .selectFrom('device_credential_profiles')
    .select(['profile_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('profile_id')
    .execute()
  const byId = new Map(counts.map((c) => [c.profile_id, Number(c.n)]))
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    username: r.username,
    deviceCount: byId.get(r.id) ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }))
}

export function findProfile(scope: TenantScope, id: string): Promise<ProfileRow | undefined> {
  return scope
    .selectFrom('credential_profiles')
    .selectAll()
    .where('id', '=', id as CredentialProfileId)
    .executeTakeFirst()
}

export function findProfileByName(scope: TenantScope, name: string) {
  return scope
    .selectFrom('credential_profiles')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

export async function insertProfile(
  scope: TenantScope,
  row: Omit<ProfileRow, 'tenant_id'>,
): Promise<void> {
  await scope.insertInto('credential_profiles', row).execute()
}

export async function updateProfile(
  scope: TenantScope,
  id: CredentialProfileId,
  patch: Partial<Pick<ProfileRow, 'name' | 'username' | 'password_enc' | 'updated_at'>>,
): Promise<void> {
  await scope.updateTable('credential_profiles').set(patch).where('id', '=', id).execute()
}

export async function deleteProfile(scope: TenantScope, id: CredentialProfileId): Promise<void> {
  await scope.deleteFrom('credential_profiles').where('id', '=', id).execute()
}

/** The device rows that follow a profile (everything a re-seal needs). */
export function devicesOfProfile(scope: TenantScope, id: CredentialProfileId) {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('device_credential_profiles')
        .select('device_credential_profiles.device_id')
        .where('device_credential_profiles.tenant_id', '=', scope.tenantId)
        .where('device_credential_profiles.profile_id', '=', id),
    )
    .orderBy('name')
    .execute()
}

export async function profileIdsOfDevices(
  scope: TenantScope,
  deviceIds: readonly string[],
): Promise<Map<string, CredentialProfileId>> {
  const out = new Map<string, CredentialProfileId>()
  for (let i = 0; i < deviceIds.length; i += 500) {
    const rows = await scope
      .selectFrom('device_credential_profiles')
      .select(['device_id', 'profile_id'])
      .where('device_id', 'in', deviceIds.slice(i, i + 500) as DeviceId[])
      .execute()
    for (const r of rows) out.set(r.device_id, r.profile_id)
  }
  return out
}

/** Links the devices to a profile (null: they keep their own copy and follow no profile). */
export async function linkDevices(
  scope: TenantScope,
  deviceIds: readonly string[],
  profileId: CredentialProfileId | null,
): Promise<void> {
  for (let i = 0; i < deviceIds.length; i += 500) {
    const chunk = deviceIds.slice(i, i + 500) as DeviceId[]
    await scope.deleteFrom('device_credential_profiles').where('device_id', 'in', chunk).execute()
    if (profileId !== null) {
      await scope
        .insertInto(
          'device_credential_profiles',
          chunk.map((device_id) => ({ device_id, profile_id: profileId })),
        )
        .execute()
    }
  }
}

/** Replaces a device's sealed credentials (a profile rotation) and tells the poller it changed. */
export async function resealDevice(
  scope: TenantScope,
  id: DeviceId,
  sealed: { username_enc: string; password_enc: string; credentials_legacy_digest: null },
  now: number,
): Promise<void> {
  await scope
    .updateTable('devices')
    .set({ ...sealed, updated_at: now })
    .where('id', '=', id)
    .execute()
}
