// Sign-in: constant work whether or not the user exists, one message for every failure.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { newId, type TokenFamilyId } from '../lib/ids.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import { findUserByUsername, replaceHash, type UserRow } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { hashProfile } from './hash-profile.ts'
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash.ts'
import { issueTokens } from './session-tokens.ts'

export const LOGIN_FAILED_MESSAGE = 'Incorrect user name or password.'

export type LoginResult =
  | { ok: true; user: UserRow; tokens: SessionTokens; familyId: TokenFamilyId }
  | { ok: false }

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

/** Checks the password (against a dummy hash for unknown users), then opens a token family. */
export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const profile = hashProfile(deps)
  const username = input.username.trim().slice(0, 128)
  const user = await findUserByUsername(deps.db, username)
  const hash = user?.password_hash ?? (await dummyHash(profile))
  const matches = await verifyPassword(hash, input.password)
  const now = deps.clock.now()
  const audit = (outcome: 'success' | 'failure', details?: Record<string, unknown>) =>
    ({ action: 'auth.login', actor: actorOf(user, username), outcome, meta: input.meta, details }) as const
  if (!user || user.is_disabled === 1 || !matches) {
    const entry = audit('failure', { reason: failureReason(user) })
    await withTransaction(deps, (tx) => auditAuth(tx.global, entry, now))
    return { ok: false }
  }
  // Parameters changed (e.g. OUTPOST_ARGON2_PROFILE): upgrade the hash while we know the password.
  const rehash = needsRehash(user.password_hash, profile)
    ? await hashPassword(input.password, profile)
    : null
  const familyId = newId<TokenFamilyId>(now)
  const tokens = await withTransaction(deps, async (tx) => {
    if (rehash) await replaceHash(tx.global, user.id, rehash, now)
    await auditAuth(tx.global, audit('success'), now)
    const issue = { userId: user.id, familyId, tenantId: null, meta: input.meta, now }
    return issueTokens(tx.global, deps.secrets.tokenKey, issue)
  })
  return { ok: true, user, tokens, familyId }
}
