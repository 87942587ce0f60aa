// Account deletion (issue 19, GDPR Art. 17). The account, its sessions (open ones elsewhere stop
// at once: their token family is gone), passkeys, second factor, recovery codes and reset tokens
// go; the API keys it created are revoked (they belong to the tenant, whose audit trail names
// them, so the rows stay, unlinked from the account). Its audit entries keep the action, their
// actor becomes a pseudonym. A receipt (what was removed, when, a hash over it) is returned once
// and kept in account_deletions.
import {
  ACCOUNT_DELETE_ACTION,
  canonicalJson,
  eraseAuditIdentity,
  newPseudonym,
  recordAudit,
} from '../audit/index.ts'
import { verifyPassword, type AccountThrottle, type ClientMeta } from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts'
import { newId, type UserId } from '../lib/ids.ts'
import {
  countAccountRows,
  countOtherSuperAdmins,
  deleteAccountRows,
  insertDeletionReceipt,
  revokeKeysCreatedBy,
} from './account-deletion.repo.ts'
import type { DeletionReceipt } from './privacy.types.ts'

export type DeletionDeps = Pick<Deps, 'db' | 'kysely' | 'clock'>

/** Who deletes: the user itself, or an admin (recorded with the admin's user id, not name). */
export type DeletedBy =
  | { kind: 'self'; ip: string | null }
  | { kind: 'admin'; userId: string; name: string; ip: string | null; tenantId: string | null }

export interface DeletableAccount {
  id: UserId
  username: string
  email: string | null
  isSuperAdmin: boolean
}

export const LAST_SUPER_ADMIN =
  'This is the last super admin account: make another user super admin first.'

async function findAccount(db: Deps['db'], userId: UserId) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'is_super_admin', 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

/** The account as deleteAccountIn needs it, read inside the deletion's transaction. */
export async function deletableAccount(
  db: Deps['db'],
  userId: UserId,
): Promise<DeletableAccount | undefined> {
  const row = await findAccount(db, userId)
  if (!row) return undefined
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    isSuperAdmin: row.is_super_admin === 1,
  }
}

/**
 * Deletes the account inside `tx` (the caller checked who may) and returns the receipt. Refuses
 * the last super admin with ForbiddenError `last_super_admin`.
 */
export async function deleteAccountIn(
  tx: Tx,
  account: DeletableAccount,
  by: DeletedBy,
  now: number,
): Promise<DeletionReceipt> {
  if (account.isSuperAdmin && (await countOtherSuperAdmins(tx.global, account.id)) === 0) {
    throw new ForbiddenError(LAST_SUPER_ADMIN, { code: 'last_super_admin' })
  }
  const counts = await countAccountRows(tx.global, tx.unscoped, account.id)
  const apiKeysRevoked = await revokeKeysCreatedBy(tx.unscoped, account.id, now)
  const pseudonym = newPseudonym(account.id)
  const auditEntriesPseudonymised = await eraseAuditIdentity(tx.global, account, pseudonym, now)
  await deleteAccountRows(tx.global, account.id)
  const removed: DeletionReceipt['removed'] = {
    account: 1,
    ...counts,
    apiKeysRevoked,
    auditEntriesPseudonymised,
  }
  const body = {
    id: newId(now),
    pseudonym,
    deletedAt: new Date(now).toISOString(),
    deletedBy: by.kind === 'self' ? 'the account itself' : `admin ${by.userId}`,
    removed,
  }
  const hash = sha256Hex(canonicalJson(body))
  await insertDeletionReceipt(tx.global, {
    id: body.id,
    pseudonym,
    deleted_at: now,
    deleted_by: body.deletedBy,
    receipt_json: canonicalJson(body),
    receipt_hash: hash,
  })
  // the self-deleted account acts under its pseudonym; the target label declares the pseudonym
  // that audit:verify accepts on the erased entries
  await recordAudit(
    tx.global,
    {
      tenantId: by.kind === 'admin' ? by.tenantId : null,
      actor:
        by.kind === 'self'
          ? { kind: 'user', id: null, name: pseudonym }
          : { kind: 'user', id: by.userId, name: by.name },
      ip: by.ip,
      action: ACCOUNT_DELETE_ACTION,
      target: { type: 'user', id: account.id, label: pseudonym },
      outcome: 'success',
      details: { receiptHash: hash, removed },
    },
    now,
  )
  return { ...body, hash }
}

/** The throttle key of wrong passwords given to a deletion. */
const throttleKey = (userId: string) => `account-delete:${userId}`

/**
 * Checks `password` as the account's (or, for an admin deletion, the admin's) password; a wrong
 * one is audited as a refused deletion, throttled like a password change, and a ValidationError.
 */
export async function confirmPassword(
  deps: DeletionDeps,
  who: { userId: UserId; username: string },
  password: string,
  audit: {
    tenantId: string | null
    target: { id: string; label: string | null }
    ip: string | null
  },
  throttle?: AccountThrottle,
): Promise<void> {
  const now = deps.clock.now()
  const refuse = async (reason: string, message: string) => {
    await recordAudit(
      deps.db,
      {
        tenantId: audit.tenantId,
        actor: { kind: 'user', id: who.userId, name: who.username },
        ip: audit.ip,
        action: ACCOUNT_DELETE_ACTION,
        target: { type: 'user', ...audit.target },
        outcome: 'failure',
        details: { reason },
      },
      now,
    )
    throw new ValidationError({ password: message })
  }
  const key = throttleKey(who.userId)
  const gate = throttle?.check(key) ?? { ok: true }
  if (!gate.ok) {
    await refuse(
      'throttled',
      `Too many wrong passwords. Wait ${gate.retryAfterSeconds} s, then try again.`,
    )
  }
  const row = await findAccount(deps.db, who.userId)
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    throttle?.recordFailure(key)
    await refuse('bad_password', 'This is not your password. Nothing was deleted.')
  }
  throttle?.recordSuccess(key)
}

/**
 * The signed-in user deletes their own account after confirming the password.
 * @example const receipt = await deleteOwnAccount(deps, { userId, password, meta }, throttle)
 */
export async function deleteOwnAccount(
  deps: DeletionDeps,
  input: { userId: UserId; password: string; meta: ClientMeta },
  throttle?: AccountThrottle,
): Promise<DeletionReceipt> {
  const row = await findAccount(deps.db, input.userId)
  if (!row) throw new NotFoundError('Your account no longer exists.')
  const who = { userId: row.id, username: row.username }
  const target = { id: row.id, label: row.username }
  const ip = input.meta.ip
  await confirmPassword(deps, who, input.password, { tenantId: null, target, ip }, throttle)
  const now = deps.clock.now()
  const account = {
    id: row.id,
    username: row.username,
    email: row.email,
    isSuperAdmin: row.is_super_admin === 1,
  }
  try {
    return await withTransaction(deps, (tx) =>
      deleteAccountIn(tx, account, { kind: 'self', ip }, now),
    )
  } catch (err) {
    if (err instanceof ForbiddenError) {
      const entry = {
        tenantId: null,
        actor: { kind: 'user' as const, id: row.id, name: row.username },
        ip,
        action: ACCOUNT_DELETE_ACTION,
        target: { type: 'user', ...target },
        outcome: 'failure' as const,
        details: { reason: err.code },
      }
      await recordAudit(deps.db, entry, now)
    }
    throw err
  }
}
