// Sign-in: constant work whether or not the user exists, one message for every failure.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { newId, type TokenFamilyId } from '../lib/ids.ts'
import type { AccountThrottle } from './account-throttle.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import { findUserByUsername, replaceHash, type UserRow } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { hashProfile } from './hash-profile.ts'
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash.ts'
import { countPasskeys } from './passkey.repo.ts'
import { findSecondFactor } from './second-factor.repo.ts'
import { issueTokens } from './session-tokens.ts'

export const LOGIN_FAILED_MESSAGE = 'Incorrect user name or password.'

export type LoginResult =
  | { ok: true; user: UserRow; tokens: SessionTokens; familyId: TokenFamilyId }
  /** the password was right and the user has a second factor: no session until the code is typed */
  | { ok: 'second_factor'; user: UserRow }
  | { ok: false; retryAfterSeconds?: number }

export interface LoginInput {
  username: string
  password: string
  meta: ClientMeta
}

function failureReason(user: UserRow | undefined): string {
  if (!user) return 'unknown_user'
  return user.is_disabled === 1 ? 'disabled' : 'bad_password'
}

function actorOf(user: UserRow | undefined, username: string): AuthAuditEntry['actor'] {
  return user
    ? { kind: 'user', id: user.id, name: user.username }
    : { kind: 'anonymous', id: null, name: username }
}

/** The throttle key of a user name: names match case-insensitively, so their throttle does too. */
export function loginThrottleKey(username: string): string {
  return `login:${username.trim().slice(0, 128).toLowerCase()}`
}

/**
 * Checks the password (against a dummy hash for unknown users), then opens a token family.
 * With a throttle, an account in its delay is refused before any password check (the first
 * refusal of each delay is audited), and each failure lengthens the delay (audited with it).
 */
export async function login(
  deps: Deps,
  input: LoginInput,
  throttle?: AccountThrottle,
): Promise<LoginResult> {
  const profile = hashProfile(deps)
  const username = input.username.trim().slice(0, 128)
  const key = loginThrottleKey(username)
  const user = await findUserByUsername(deps.db, username)
  const audit = (outcome: 'success' | 'failure', details?: Record<string, unknown>) =>
    ({
      action: 'auth.login',
      actor: actorOf(user, username),
      outcome,
      meta: input.meta,
      details,
    }) as const
  const gate = throttle?.check(key) ?? { ok: true }
  if (!gate.ok) {
    if (gate.firstRefusal) {
      const entry = {
        ...audit('failure', { reason: 'throttled', failures: gate.failures }),
        action: 'auth.login_throttled' as const,
      }
      await withTransaction(deps, (tx) => auditAuth(tx.global, entry, deps.clock.now()))
    }
    return { ok: false, retryAfterSeconds: gate.retryAfterSeconds }
  }
  const hash = user?.password_hash ?? (await dummyHash(profile))
  const matches = await verifyPassword(hash, input.password)
  const now = deps.clock.now()
  if (!user || user.is_disabled === 1 || !matches) {
    const counted = throttle?.recordFailure(key)
    const delay = counted && counted.delayMs > 0 ? { delaySeconds: counted.delayMs / 1000 } : {}
    const entry = audit('failure', { reason: failureReason(user), ...delay })
    await withTransaction(deps, (tx) => auditAuth(tx.global, entry, now))
    return { ok: false }
  }
  throttle?.recordSuccess(key)
  // Parameters changed (e.g. OUTPOST_ARGON2_PROFILE): upgrade the hash while we know the password.
  const rehash = needsRehash(user.password_hash, profile)
    ? await hashPassword(input.password, profile)
    : null
  const factor = await findSecondFactor(deps.db, user.id)
  // a registered passkey is a second factor too (issue 19): the second step offers it
  if ((factor && factor.confirmed_at !== null) || (await countPasskeys(deps.db, user.id)) > 0) {
    if (rehash) await replaceHash(deps.db, user.id, rehash, now)
    return { ok: 'second_factor', user }
  }
  const familyId = newId<TokenFamilyId>(now)
  const tokens = await withTransaction(deps, async (tx) => {
    if (rehash) await replaceHash(tx.global, user.id, rehash, now)
    await auditAuth(tx.global, audit('success'), now)
    const issue = { userId: user.id, familyId, tenantId: null, meta: input.meta, now }
    return issueTokens(tx.global, deps.secrets.tokenKey, issue)
  })
  return { ok: true, user, tokens, familyId }
}
