// The second step of sign-in: the code after the password. Throttled per account exactly like
// passwords (AccountThrottle: 5 free failures, then a doubling delay), and the route adds the
// per-address LoginRateLimit. Success opens the token family, as a one-step sign-in does.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { newId, type TokenFamilyId, type UserId } from '../lib/ids.ts'
import type { AccountThrottle } from './account-throttle.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import { findUserById, type UserRow } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { checkSecondFactorCode, CODE_MESSAGES } from './second-factor-check.ts'
import { countUnusedRecoveryCodes } from './second-factor.repo.ts'
import { issueTokens } from './session-tokens.ts'

export type SecondStepResult =
  | {
      ok: true
      user: UserRow
      tokens: SessionTokens
      method: 'totp' | 'recovery_code'
      recoveryCodesLeft: number
    }
  | { ok: false; message: string; retryAfterSeconds?: number; expired?: boolean }

export const secondFactorThrottleKey = (userId: string) => `2fa:${userId}`

export async function completeSecondFactor(
  deps: Deps,
  input: { userId: UserId; code: string; meta: ClientMeta },
  throttle: AccountThrottle,
): Promise<SecondStepResult> {
  const user = await findUserById(deps.db, input.userId)
  if (!user || user.is_disabled === 1)
    return { ok: false, expired: true, message: 'Sign in again.' }
  const actor = { kind: 'user' as const, id: user.id, name: user.username }
  const entry = (
    action: AuthAuditEntry['action'],
    outcome: 'success' | 'failure',
    details: Record<string, unknown>,
  ): AuthAuditEntry => ({ action, actor, outcome, meta: input.meta, details })
  const key = secondFactorThrottleKey(user.id)
  const gate = throttle.check(key)
  if (!gate.ok) {
    if (gate.firstRefusal) {
      await auditAuth(
        deps.db,
        entry('auth.second_factor_throttled', 'failure', { failures: gate.failures }),
        deps.clock.now(),
      )
    }
    const message = `Too many wrong codes. Wait ${gate.retryAfterSeconds} s, then try again.`
    return { ok: false, message, retryAfterSeconds: gate.retryAfterSeconds }
  }
  const now = deps.clock.now()
  const familyId = newId<TokenFamilyId>(now)
  const outcome = await withTransaction(deps, async (tx) => {
    const check = await checkSecondFactorCode(tx.global, {
      userId: user.id,
      code: input.code,
      now,
      masterKey: deps.secrets.masterKey,
    })
    if (!check.ok) return check
    const left = await countUnusedRecoveryCodes(tx.global, user.id)
    const details =
      check.method === 'recovery_code'
        ? { secondFactor: check.method, recoveryCodesLeft: left }
        : { secondFactor: check.method }
    await auditAuth(tx.global, entry('auth.login', 'success', details), now)
    const tokens = await issueTokens(tx.global, deps.secrets.tokenKey, {
      userId: user.id,
      familyId,
      tenantId: null,
      meta: input.meta,
      now,
    })
    return { ...check, tokens, left }
  })
  if (!outcome.ok) {
    const counted = throttle.recordFailure(key)
    const delay = counted.delayMs > 0 ? { delaySeconds: counted.delayMs / 1000 } : {}
    await auditAuth(
      deps.db,
      entry('auth.second_factor', 'failure', { reason: outcome.reason, ...delay }),
      now,
    )
    return { ok: false, message: CODE_MESSAGES[outcome.reason] }
  }
  throttle.recordSuccess(key)
  return {
    ok: true,
    user,
    tokens: outcome.tokens,
    method: outcome.method,
    recoveryCodesLeft: outcome.left,
  }
}
