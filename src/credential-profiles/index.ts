// Public surface of credential profiles for other domains (devices, discovery/adoption, API).
// Keep these names stable: other branches import them.
export {
  createCredentialProfile,
  deleteCredentialProfile,
  getCredentialProfile,
  listCredentialProfiles,
  resolveProfileCredentials,
  updateCredentialProfile,
  type ProfileCtx,
} from './credential-profiles.service.ts'
export {
  chooseDeviceProfile,
  profileIdOfDevice,
  profileIdsOfDevices,
  setDeviceProfile,
  PROFILE_ADMIN_ONLY,
  type ProfileChoice,
} from './device-profile.ts'
export {
  credentialProfileCreateSchema,
  credentialProfileUpdateSchema,
  type CredentialProfileCreateInput,
  type CredentialProfileUpdateInput,
} from './credential-profiles.schema.ts'
export type {
  CredentialProfileId,
  CredentialProfileRef,
  CredentialProfileView,
  RotationResult,
} from './credential-profiles.types.ts'
export { credentialProfilesRoutes } from './credential-profiles.routes.tsx'
