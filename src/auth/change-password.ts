// Password change: every refresh token of the user is revoked (other browsers are signed out),
// and this browser gets a fresh token family so it stays signed in.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { newId, type TenantId, type TokenFamilyId, type UserId } from '../lib/ids.ts'
import type { AccountThrottle } from './account-throttle.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import { findUserById, revokeAllForUser, updatePasswordHash } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { hashProfile } from './hash-profile.ts'
import { hashPassword, verifyPassword } from './password-hash.ts'
import { issueTokens } from './session-tokens.ts'

export interface ChangePasswordInput {
  userId: UserId
  activeTenantId: TenantId | null
  currentPassword: string
  newPassword: string
  meta: ClientMeta
}

export type ChangePasswordResult =
  | { ok: true; tokens: SessionTokens; familyId: TokenFamilyId; revoked: number }
  | { ok: false; fields: Record<string, string>; retryAfterSeconds?: number }

/** Wrong current passwords are throttled per account like sign-in (each costs an argon2 check). */
export const passwordThrottleKey = (userId: UserId) => `password:${userId}`

export async function changePassword(
  deps: Deps,
  input: ChangePasswordInput,
  throttle?: AccountThrottle,
): Promise<ChangePasswordResult> {
  const user = await findUserById(deps.db, input.userId)
  if (!user) return { ok: false, fields: { currentPassword: 'Your account no longer exists.' } }
  const now = deps.clock.now()
  const entry = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
    ({
      action: 'auth.password_change',
      actor: { kind: 'user', id: user.id, name: user.username },
      outcome,
      meta: input.meta,
      details,
    }) satisfies AuthAuditEntry
  const key = passwordThrottleKey(user.id)
  const gate = throttle?.check(key) ?? { ok: true }
  if (!gate.ok) {
    if (gate.firstRefusal) {
      const refused = entry('failure', { reason: 'throttled', failures: gate.failures })
      await withTransaction(deps, (tx) => auditAuth(tx.global, refused, now))
    }
    const message = `Too many wrong passwords. Wait ${gate.retryAfterSeconds} s, then try again.`
    return {
      ok: false,
      fields: { currentPassword: message },
      retryAfterSeconds: gate.retryAfterSeconds,
    }
  }
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    const counted = throttle?.recordFailure(key)
    const delay = counted && counted.delayMs > 0 ? { delaySeconds: counted.delayMs / 1000 } : {}
    const failed = entry('failure', { reason: 'bad_current_password', ...delay })
    await withTransaction(deps, (tx) => auditAuth(tx.global, failed, now))
    return { ok: false, fields: { currentPassword: 'This is not your current password.' } }
  }
  throttle?.recordSuccess(key)
  if (input.newPassword.toLowerCase() === user.username.toLowerCase()) {
    return { ok: false, fields: { newPassword: 'Do not use your user name as password.' } }
  }
  const hash = await hashPassword(input.newPassword, hashProfile(deps))
  const familyId = newId<TokenFamilyId>(now)
  return withTransaction(deps, async (tx) => {
    await updatePasswordHash(tx.global, user.id, hash, now, { mustChange: false })
    const revoked = await revokeAllForUser(tx.global, user.id, now)
    await auditAuth(tx.global, entry('success', { revokedTokens: revoked }), now)
    const issue = {
      userId: user.id,
      familyId,
      tenantId: input.activeTenantId,
      meta: input.meta,
      now,
    }
    const tokens = await issueTokens(tx.global, deps.secrets.tokenKey, issue)
    return { ok: true as const, tokens, familyId, revoked }
  })
}

/** When the user last changed their password (the account page shows it), or null. */
export async function passwordChangedAt(deps: Deps, userId: UserId): Promise<number | null> {
  return (await findUserById(deps.db, userId))?.password_changed_at ?? null
}
