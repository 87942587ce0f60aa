// Public surface of the auth domain.
export type {
  ClientMeta,
  Flash,
  Membership,
  SessionInfo,
  SessionTokens,
  TenantRole,
} from './auth.types.ts'
export { ensureInitialAdmin, INITIAL_PASSWORD_FILE } from './initial-admin.ts'
export type { InitialAdminResult } from './initial-admin.ts'
export { listMemberships } from './load-session.ts'
export { hashPassword, verifyPassword } from './password-hash.ts'
export { hashProfile } from './hash-profile.ts'
export { newPasswordSchema, PASSWORD_MIN } from './password-policy.ts'
export { familyActiveTenant, isFamilyLive, revokeAllForUser } from './auth.repo.ts'
// the cross-customer view's "switch to this device's tenant" (issue 15)
export { switchTenant } from './switch-tenant.ts'
// for the session middleware in src/http
export { verifyAccessToken } from './access-token.ts'
export { loadSession } from './load-session.ts'
export { refreshSession } from './refresh-session.ts'
export { clearLoginThrottling } from './login-rate-limit.ts'
// two-step verification (issue 17)
export type { Enrolment, SecondFactorPolicy, SecurityOverview } from './second-factor.types.ts'
export {
  beginEnrolment,
  confirmEnrolment,
  regenerateRecoveryCodes,
  removeOwnSecondFactor,
  secondFactorUserOf,
  securityOverview,
} from './second-factor.service.ts'
export type { SecondFactorUser } from './second-factor.service.ts'
export {
  secondFactorPolicy,
  setApplianceSecondFactorPolicy,
  setTenantSecondFactorPolicy,
} from './second-factor-policy.ts'
export { removeUserSecondFactor } from './second-factor-removal.ts'
// accounts and privacy (issue 19)
export { requestPasswordReset } from './password-reset.ts'
export { passwordResetRoutes, resetLimitFor } from './password-reset.routes.tsx'
// account deletion (issue 19) throttles wrong passwords like a password change
export { AccountThrottle } from './account-throttle.ts'
