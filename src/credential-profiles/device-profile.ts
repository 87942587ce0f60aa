// A device's credential-profile choice, as the device form, JSON API, CSV import, bulk edit and
// adoption make it. The outcome feeds device-access's binding rule as "entered" credentials, and
// only an admin may choose a profile: that sends a stored password to the device's endpoint.
import type { CredentialProfileId } from '../db/schema-credential-profiles.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { GivenCredentials, KeyDeps } from '../device-access/index.ts'
import type { Actor } from '../lib/actor.ts'
import { ValidationError } from '../lib/errors.ts'
import { linkDevices, profileIdsOfDevices as profileIdsOf } from './credential-profiles.repo.ts'
import { resolveProfileCredentials } from './credential-profiles.service.ts'

export interface ProfileChoice {
  /** credentials for the binding rule: the profile's (entered by choice), typed ones, or null (keep) */
  given: GivenCredentials
  /** the profile the device follows after the change */
  profileId: CredentialProfileId | null
  /** set when the change gives the device a profile it did not follow (for the audit entry) */
  assigned: { id: CredentialProfileId; name: string } | null
}

export const PROFILE_ADMIN_ONLY =
  'Only an admin can give a device a credential profile: it sends the stored password to this device.'
const NOT_BOTH = 'Choose a credential profile or type a user name and password, not both.'

/**
 * Decides which credentials a device change carries.
 * @example const c = await chooseDeviceProfile(deps, scope, actor, current, input.credential_profile_id, typed)
 */
export async function chooseDeviceProfile(
  deps: KeyDeps,
  scope: TenantScope,
  actor: Actor,
  current: CredentialProfileId | null,
  requested: string | null,
  typed: GivenCredentials,
): Promise<ProfileChoice> {
  if (requested === null) return { given: typed, profileId: null, assigned: null }
  if (typed.username !== null || (typed.password !== null && typed.password !== '')) {
    // typing credentials for a device that keeps its profile selected leaves the profile
    if (requested === current) return { given: typed, profileId: null, assigned: null }
    throw new ValidationError({ credential_profile_id: NOT_BOTH })
  }
  if (requested === current) {
    return { given: { username: null, password: null }, profileId: current, assigned: null }
  }
  if (actor.isAdmin !== true)
    throw new ValidationError({ credential_profile_id: PROFILE_ADMIN_ONLY })
  const p = await resolveProfileCredentials(deps, scope, requested)
  return { given: p.credentials, profileId: p.id, assigned: { id: p.id, name: p.name } }
}

/** The profile a device follows, or null. */
export async function profileIdOfDevice(
  scope: TenantScope,
  deviceId: string,
): Promise<CredentialProfileId | null> {
  return (await profileIdsOf(scope, [deviceId])).get(deviceId) ?? null
}

/** The profiles the devices follow (devices without one are absent). */
export function profileIdsOfDevices(
  scope: TenantScope,
  deviceIds: readonly string[],
): Promise<Map<string, CredentialProfileId>> {
  return profileIdsOf(scope, deviceIds)
}

/** Records which profile the devices follow (inside the caller's transaction). */
export function setDeviceProfile(
  scope: TenantScope,
  deviceIds: readonly DeviceId[],
  profileId: CredentialProfileId | null,
): Promise<void> {
  return linkDevices(scope, deviceIds, profileId)
}
