// "Forgot password" (issue 19): a single-use link valid for 30 minutes, sent to the user's e-mail
// address through the appliance's system mail. The answer never says whether the account exists
// (the mail goes out in the background, so the timing does not tell either); requests are limited
// per client address and per account; using the link sets a new password and revokes every
// session of the user. Users without an address fall back to an administrator's reset.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { randomToken, sha256Hex } from '../lib/crypto.ts'
import { newId, type UserId } from '../lib/ids.ts'
import type { Clock } from '../lib/time.ts'
import { sendSystemMail } from '../notifications/index.ts'
import { auditAuth, type AuthAuditEntry } from './audit-auth.ts'
import {
  findUserById,
  findUserByUsername,
  revokeAllForUser,
  updatePasswordHash,
} from './auth.repo.ts'
import type { ClientMeta } from './auth.types.ts'
import { hashProfile } from './hash-profile.ts'
import { registerThrottle } from './login-rate-limit.ts'
import { hashPassword } from './password-hash.ts'

export const RESET_TTL_MS = 30 * 60_000
const PER_ADDRESS = { max: 5, windowMs: 15 * 60_000 }
const PER_ACCOUNT = { max: 3, windowMs: 60 * 60_000 }
const MAX_TRACKED = 10_000

/** Sliding-window counts of reset requests per client address and per account (in memory). */
export class ResetRequestLimit {
  readonly #clock: Clock
  readonly #hits = new Map<string, number[]>()
  constructor(clock: Clock) {
    this.#clock = clock
    registerThrottle(this)
  }
  clear(): void {
    this.#hits.clear()
  }
  /** Counts one request under `key`; false when the window is already full. */
  take(key: string, limit: { max: number; windowMs: number }): boolean {
    const now = this.#clock.now()
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - limit.windowMs)
    if (recent.length >= limit.max) return false
    recent.push(now)
    this.#hits.delete(key)
    this.#hits.set(key, recent)
    if (this.#hits.size > MAX_TRACKED) {
      const first = this.#hits.keys().next()
      if (!first.done) this.#hits.delete(first.value)
    }
    return true
  }
}

type ResetDeps = Deps

function requested(
  actor: AuthAuditEntry['actor'],
  meta: ClientMeta,
  outcome: 'success' | 'failure',
  details: Record<string, unknown>,
): AuthAuditEntry {
  return { action: 'auth.password_reset_requested', actor, outcome, meta, details }
}

/**
 * Handles a reset request; always resolves the same way, whatever happened (the audit log says).
 * Returns the mail being sent (tests await it; routes do not).
 * @example void requestPasswordReset(deps, { username, meta }, limit)
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  input: { username: string; meta: ClientMeta },
  limit: ResetRequestLimit,
): Promise<{ mail: Promise<void> }> {
  const none = { mail: Promise.resolve() }
  const now = deps.clock.now()
  const anonymous = { kind: 'anonymous' as const, id: null, name: input.username.slice(0, 128) }
  const audit = (e: AuthAuditEntry) => withTransaction(deps, (tx) => auditAuth(tx.global, e, now))
  if (!limit.take(`ip:${input.meta.ip ?? '-'}`, PER_ADDRESS)) {
    await audit(requested(anonymous, input.meta, 'failure', { reason: 'rate_limited_address' }))
    return none
  }
  const user = await findUserByUsername(deps.db, input.username.trim())
  if (user === undefined || user.is_disabled === 1) {
    await audit(requested(anonymous, input.meta, 'failure', { reason: 'unknown_account' }))
    return none
  }
  const actor = { kind: 'user' as const, id: user.id, name: user.username }
  if (!limit.take(`user:${user.id}`, PER_ACCOUNT)) {
    await audit(requested(actor, input.meta, 'failure', { reason: 'rate_limited_account' }))
    return none
  }
  const email = user.email
  if (email === null || email === '') {
    await audit(requested(actor, input.meta, 'failure', { reason: 'no_email_address' }))
    return none
  }
  const token = randomToken(32)
  await withTransaction(deps, async (tx) => {
    // only the newest link works: older unused ones are spent
    await tx.global
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute()
    await tx.global
      .insertInto('password_reset_tokens')
      .values({
        id: newId(now),
        user_id: user.id,
        token_hash: sha256Hex(token),
        created_at: now,
        expires_at: now + RESET_TTL_MS,
        used_at: null,
      })
      .execute()
    await auditAuth(
      tx.global,
      requested(actor, input.meta, 'success', { sentTo: maskEmail(email) }),
      now,
    )
  })
  const mail = sendSystemMail(deps, (base) => ({
    to: [email],
    subject: 'Reset your Outpost password',
    text:
      `Somebody (hopefully you) asked to reset the password of ${user.username} on Outpost.\n\n` +
      `Open this link within 30 minutes to choose a new password:\n${base}/login/reset/${token}\n\n` +
      `The link works once. If you did not ask for it, ignore this message: your password stays as it is.\n\n-- \nOutpost\n`,
  })).catch(async (err: unknown) => {
    deps.log.warn({ err, userId: user.id }, 'password reset mail failed')
    const reason = err instanceof Error ? err.message : 'send failed'
    await audit({
      action: 'auth.password_reset_mail',
      actor,
      outcome: 'failure',
      meta: input.meta,
      details: { reason },
    }).catch(() => undefined)
  })
  return { mail }
}

/** `j***@example.net`: enough for the audit reader, not the whole address. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`
}

export type ResetTokenState =
  { ok: true; userId: UserId; username: string } | { ok: false; message: string }

const LINK_DEAD =
  'This link is no longer valid: it was used, it expired or a newer one was sent. Ask for a new one.'

async function liveToken(deps: ResetDeps, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined
  const row = await deps.db
    .selectFrom('password_reset_tokens')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst()
  if (row === undefined || row.used_at !== null || row.expires_at <= deps.clock.now())
    return undefined
  const user = await findUserById(deps.db, row.user_id)
  if (user === undefined || user.is_disabled === 1) return undefined
  return { row, user }
}

/** Whether a link can still be used (the page shows the form or says why not). */
export async function checkResetToken(deps: ResetDeps, token: string): Promise<ResetTokenState> {
  const live = await liveToken(deps, token)
  return live
    ? { ok: true, userId: live.user.id, username: live.user.username }
    : { ok: false, message: LINK_DEAD }
}

/** Records the use of a spent, expired or unknown link. */
export async function refuseResetLink(deps: ResetDeps, meta: ClientMeta): Promise<void> {
  const e: AuthAuditEntry = {
    action: 'auth.password_reset',
    actor: { kind: 'anonymous', id: null, name: 'reset link' },
    outcome: 'failure',
    meta,
    details: { reason: 'invalid_or_spent_link' },
  }
  await withTransaction(deps, (tx) => auditAuth(tx.global, e, deps.clock.now()))
}

/**
 * Sets the new password once: the token is spent, every session of the user is revoked.
 * @example const r = await completePasswordReset(deps, { token, newPassword, meta })
 */
export async function completePasswordReset(
  deps: ResetDeps,
  input: { token: string; newPassword: string; meta: ClientMeta },
): Promise<{ ok: true; username: string } | { ok: false; fields: Record<string, string> }> {
  const now = deps.clock.now()
  const live = await liveToken(deps, input.token)
  if (live === undefined) {
    await refuseResetLink(deps, input.meta)
    return { ok: false, fields: { _form: LINK_DEAD } }
  }
  const { user, row } = live
  if (input.newPassword.toLowerCase() === user.username.toLowerCase()) {
    return { ok: false, fields: { newPassword: 'Do not use your user name as password.' } }
  }
  const hash = await hashPassword(input.newPassword, hashProfile(deps))
  return withTransaction(deps, async (tx) => {
    // spend the token first: of two concurrent uses only one updates the row
    const spent = await tx.global
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    if (Number(spent.numUpdatedRows) !== 1)
      return { ok: false as const, fields: { _form: LINK_DEAD } }
    await updatePasswordHash(tx.global, user.id, hash, now, { mustChange: false })
    const revoked = await revokeAllForUser(tx.global, user.id, now)
    await auditAuth(
      tx.global,
      {
        action: 'auth.password_reset',
        actor: { kind: 'user', id: user.id, name: user.username },
        outcome: 'success',
        meta: input.meta,
        details: { revokedTokens: revoked },
      },
      now,
    )
    return { ok: true as const, username: user.username }
  })
}
