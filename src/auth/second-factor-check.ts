// Checking a code typed at the second step: a TOTP code (not replayed) or an unused recovery
// code. Runs inside the caller's transaction, so spending the code commits with the audit entry.
import type { GlobalDb } from '../db/global-db.ts'
import type { UserId } from '../lib/ids.ts'
import { countPasskeys } from './passkey.repo.ts'
import { base32Decode, matchTotp } from '../lib/totp.ts'
import { hashRecoveryCode, looksLikeRecoveryCode, openTotpSecret } from './second-factor-secret.ts'
import {
  acceptStep,
  findSecondFactor,
  isRecoveryCodeUsed,
  spendRecoveryCode,
} from './second-factor.repo.ts'

export type CodeCheck =
  | { ok: true; method: 'totp' | 'recovery_code' }
  | { ok: false; reason: 'wrong_code' | 'replayed_code' | 'used_recovery_code' | 'not_enrolled' }

export interface CodeCheckInput {
  userId: UserId
  code: string
  now: number
  masterKey: Buffer
  /** accept a code of the unconfirmed secret (the enrolment's confirmation) */
  confirming?: boolean
}

export async function checkSecondFactorCode(
  db: GlobalDb,
  input: CodeCheckInput,
): Promise<CodeCheck> {
  const row = await findSecondFactor(db, input.userId)
  const usable = row && (input.confirming ? row.confirmed_at === null : row.confirmed_at !== null)
  // recovery codes also stand in for passkeys when those are the only second factor (issue 19)
  const recoverable = usable || (!input.confirming && (await countPasskeys(db, input.userId)) > 0)
  if (!recoverable) return { ok: false, reason: 'not_enrolled' }
  if (!input.confirming && looksLikeRecoveryCode(input.code)) {
    const hash = hashRecoveryCode(input.code)
    if (await spendRecoveryCode(db, input.userId, hash, input.now))
      return { ok: true, method: 'recovery_code' }
    const used = await isRecoveryCodeUsed(db, input.userId, hash)
    return { ok: false, reason: used ? 'used_recovery_code' : 'wrong_code' }
  }
  if (!row || !usable) return { ok: false, reason: 'wrong_code' }
  const key = base32Decode(openTotpSecret(input.masterKey, input.userId, row.secret_sealed))
  const step = matchTotp(key, input.code, input.now)
  if (step === undefined) return { ok: false, reason: 'wrong_code' }
  const accepted = await acceptStep(
    db,
    input.userId,
    step,
    input.confirming ? input.now : undefined,
  )
  return accepted ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed_code' }
}

export const CODE_MESSAGES: Record<Exclude<CodeCheck, { ok: true }>['reason'], string> = {
  wrong_code:
    'That code is not right. Type the 6-digit code your authenticator app shows now, or a recovery code.',
  replayed_code:
    'That code was already used. Wait for the next code (it changes every 30 seconds).',
  used_recovery_code: 'That recovery code was already used. Each recovery code works once.',
  not_enrolled: 'No second factor is set up for this account.',
}
