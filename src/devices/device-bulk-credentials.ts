// Bulk credential change: typed credentials or a credential profile for many devices at once.
// Each device goes through device-access's binding rule like a single edit: the endpoint does not
// change, the credentials are entered (typed, or an admin's profile choice), so each device's copy
// is sealed for the endpoint it already has; nothing stored is sent anywhere new.
import type { TenantScope } from '../db/tenant-scope.ts'
import {
  chooseDeviceProfile,
  setDeviceProfile,
  type ProfileChoice,
} from '../credential-profiles/index.ts'
import { rebindCredentials } from '../device-access/index.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import { findDeviceRowsById, updateDevice } from './devices.repo.ts'
import type { DeviceBulkInput } from './devices.schema.ts'
import type { DeviceCtx } from './devices.service.ts'

export interface BulkCredentials {
  choice: ProfileChoice
  /** for the audit entry: 'typed' or the profile's name (never a secret) */
  label: string
}

/** The credentials a bulk edit gives, or null when it keeps each device's own. */
export async function bulkCredentialsOf(
  ctx: DeviceCtx,
  input: DeviceBulkInput,
): Promise<BulkCredentials | null> {
  const requested = input.credential_profile_id
  if (requested === null) return null
  if (requested === 'typed') {
    const given = { username: input.username, password: input.password }
    return { choice: { given, profileId: null, assigned: null }, label: 'typed' }
  }
  const none = { username: null, password: null }
  const choice = await chooseDeviceProfile(ctx.deps, ctx.scope, ctx.actor, null, requested, none)
  return { choice, label: choice.assigned?.name ?? requested }
}

/** Seals the credentials for each device's own endpoint and records the profile it follows. */
export async function applyBulkCredentials(
  ctx: DeviceCtx,
  scope: TenantScope,
  ids: readonly string[],
  bulk: BulkCredentials,
  now: number,
): Promise<void> {
  const confirm = { sendStoredCredentials: false, isAdmin: ctx.actor.isAdmin === true }
  for (const row of await findDeviceRowsById(scope, ids)) {
    const r = await rebindCredentials(ctx.deps, scope, row, row, bulk.choice.given, confirm)
    await updateDevice(scope, row.id, { ...r.sealed, updated_at: now })
  }
  await setDeviceProfile(scope, ids as DeviceId[], bulk.choice.profileId)
}
