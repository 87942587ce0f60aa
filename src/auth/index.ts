// Public surface of the auth domain.
export type { ClientMeta, Flash, Membership, SessionInfo, SessionTokens, TenantRole } from './auth.types.ts'
export { ensureInitialAdmin, INITIAL_PASSWORD_FILE } from './initial-admin.ts'
export type { InitialAdminResult } from './initial-admin.ts'
export { listMemberships } from './load-session.ts'
export { hashPassword, verifyPassword } from './password-hash.ts'
export { hashProfile } from './hash-profile.ts'
export { newPasswordSchema, PASSWORD_MIN } from './password-policy.ts'
export { isFamilyLive, revokeAllForUser } from './auth.repo.ts'
// for the session middleware in src/http
export { verifyAccessToken } from './access-token.ts'
export { loadSession } from './load-session.ts'
export { refreshSession } from './refresh-session.ts'
export { clearLoginThrottling } from './login-rate-limit.ts'
