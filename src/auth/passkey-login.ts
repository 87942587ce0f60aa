// Signing in with a passkey (issue 19): alone (a discoverable credential with user verification:
// the authenticator names the account, no user name is typed) or as the second step after the
// password. Success opens a token family exactly as the password sign-in does; every refusal is
// audited with its reason (replayed, cross-origin, another user's or a removed passkey …).
import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { newId, type TokenFamilyId, type UserId } from '../lib/ids.ts'
import type { AccountThrottle } from './account-throttle.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import { findUserById, type UserRow } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import {
  authenticationOptions,
  PASSKEY_MESSAGES,
  verifyAssertion,
  type CeremonyFailure,
} from './passkey-ceremony.ts'
import type { RelyingParty } from './passkey-origin.ts'
import { countOpenChallenges, listPasskeys, recordPasskeyUse } from './passkey.repo.ts'
import { secondFactorThrottleKey } from './second-factor-login.ts'
import { issueTokens } from './session-tokens.ts'

export type PasskeySignInResult =
  | { ok: true; user: UserRow; tokens: SessionTokens }
  | { ok: false; message: string; retryAfterSeconds?: number; expired?: boolean }

const DISABLED = 'This account is disabled.'
/** Open challenges beyond this are refused: an anonymous flood cannot fill the table. */
const MAX_OPEN_CHALLENGES = 10_000

export async function tooManyOpenChallenges(deps: Deps): Promise<boolean> {
  return (await countOpenChallenges(deps.db, deps.clock.now())) >= MAX_OPEN_CHALLENGES
}

/** Options for a username-less sign-in: any passkey of this appliance may answer. */
export function signInOptions(deps: Deps, rp: RelyingParty) {
  return authenticationOptions(deps.db, rp, 'sign_in', null, [], deps.clock.now())
}

/** Options for the second step: only the pending user's passkeys. */
export async function secondStepOptions(deps: Deps, rp: RelyingParty, userId: UserId) {
  const allow = await listPasskeys(deps.db, userId)
  if (allow.length === 0) return undefined
  return authenticationOptions(deps.db, rp, 'second_factor', userId, allow, deps.clock.now())
}

type Who =
  { kind: 'user'; id: UserId; name: string } | { kind: 'anonymous'; id: null; name: string }

async function finish(
  deps: Deps,
  user: UserRow,
  passkey: { id: string; name: string },
  use: { counter: number; backedUp: boolean },
  meta: ClientMeta,
  details: Record<string, unknown>,
): Promise<SessionTokens | 'counter'> {
  const now = deps.clock.now()
  const familyId = newId<TokenFamilyId>(now)
  return withTransaction(deps, async (tx) => {
    if (!(await recordPasskeyUse(tx.global, passkey.id, { ...use, now }))) return 'counter' as const
    const actor = { kind: 'user' as const, id: user.id, name: user.username }
    const entry: AuthAuditEntry = {
      action: 'auth.login',
      actor,
      outcome: 'success',
      meta,
      details: { ...details, keyId: passkey.id, keyName: passkey.name },
    }
    await auditAuth(tx.global, entry, now)
    return issueTokens(tx.global, deps.secrets.tokenKey, {
      userId: user.id,
      familyId,
      tenantId: null,
      meta,
      now,
    })
  })
}

async function refuse(
  deps: Deps,
  action: AuthAuditEntry['action'],
  actor: Who,
  meta: ClientMeta,
  details: Record<string, unknown>,
): Promise<void> {
  await auditAuth(deps.db, { action, actor, outcome: 'failure', meta, details }, deps.clock.now())
}

/** A passkey alone (user verified by the authenticator) signs the user in. */
export async function signInWithPasskey(
  deps: Deps,
  input: { rp: RelyingParty; response: AuthenticationResponseJSON; meta: ClientMeta },
): Promise<PasskeySignInResult> {
  const now = deps.clock.now()
  const r = await verifyAssertion(deps.db, input.rp, 'sign_in', null, input.response, now)
  const owner = r.ok ? r.value.passkey : r.passkey
  const user = owner && (await findUserById(deps.db, owner.user_id))
  const actor: Who = user
    ? { kind: 'user', id: user.id, name: user.username }
    : { kind: 'anonymous', id: null, name: '' }
  const fail = async (reason: CeremonyFailure | 'disabled', message: string) => {
    const details = { method: 'passkey', reason, ...(owner ? { keyId: owner.id } : {}) }
    await refuse(deps, 'auth.login', actor, input.meta, details)
    return { ok: false as const, message }
  }
  if (!r.ok) return fail(r.reason, PASSKEY_MESSAGES[r.reason])
  if (!user || user.is_disabled === 1) return fail('disabled', DISABLED)
  const tokens = await finish(deps, user, r.value.passkey, r.value, input.meta, {
    method: 'passkey',
  })
  if (tokens === 'counter') return fail('counter', PASSKEY_MESSAGES.counter)
  return { ok: true, user, tokens }
}

/** The second step with a passkey of the pending user; throttled like the code. */
export async function completePasskeySecondFactor(
  deps: Deps,
  input: {
    userId: UserId
    rp: RelyingParty
    response: AuthenticationResponseJSON
    meta: ClientMeta
  },
  throttle: AccountThrottle,
): Promise<PasskeySignInResult> {
  const user = await findUserById(deps.db, input.userId)
  if (!user || user.is_disabled === 1)
    return { ok: false, expired: true, message: 'Sign in again.' }
  const actor: Who = { kind: 'user', id: user.id, name: user.username }
  const key = secondFactorThrottleKey(user.id)
  const gate = throttle.check(key)
  if (!gate.ok) {
    if (gate.firstRefusal)
      await refuse(deps, 'auth.second_factor_throttled', actor, input.meta, {
        failures: gate.failures,
      })
    const message = `Too many failed attempts. Wait ${gate.retryAfterSeconds} s, then try again.`
    return { ok: false, message, retryAfterSeconds: gate.retryAfterSeconds }
  }
  const now = deps.clock.now()
  const r = await verifyAssertion(deps.db, input.rp, 'second_factor', user.id, input.response, now)
  const fail = async (reason: CeremonyFailure, keyId: string | undefined) => {
    throttle.recordFailure(key)
    const details = { secondFactor: 'passkey', reason, ...(keyId ? { keyId } : {}) }
    await refuse(deps, 'auth.second_factor', actor, input.meta, details)
    return { ok: false as const, message: PASSKEY_MESSAGES[reason] }
  }
  if (!r.ok) return fail(r.reason, r.passkey?.id)
  const tokens = await finish(deps, user, r.value.passkey, r.value, input.meta, {
    secondFactor: 'passkey',
  })
  if (tokens === 'counter') return fail('counter', r.value.passkey.id)
  throttle.recordSuccess(key)
  return { ok: true, user, tokens }
}
