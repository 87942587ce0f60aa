// Rows of one account across the appliance, for its deletion (Art. 17). Memberships and the API
// keys it created live in every tenant it ever administered, so this reads through Unscoped
// (reviewed in test/unit/db/handle-usage.test.ts); everything else is a global table.
import type { Insertable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { AccountDeletionsTable } from '../db/schema.ts'
import type { Tx } from '../db/with-transaction.ts'
import type { UserId } from '../lib/ids.ts'
import type { DeletionReceipt } from './privacy.types.ts'

/** the transaction's cross-tenant handle (never the process-wide one) */
type Unscoped = Tx['unscoped']

/** What the deletion removed, as the receipt counts it. */
export type AccountRowCounts = Omit<
  DeletionReceipt['removed'],
  'account' | 'auditEntriesPseudonymised'
>

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) {
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** What the deletion removes, counted before it does. */
export async function countAccountRows(
  db: GlobalDb,
  unscoped: Unscoped,
  userId: UserId,
): Promise<Omit<AccountRowCounts, 'apiKeysRevoked'>> {
  const n = (t: 'refresh_tokens' | 'user_passkeys' | 'user_recovery_codes') =>
    count(
      db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId),
    )
  return {
    memberships: await count(
      unscoped
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId),
    ),
    // one row per refresh token family member: counted as sign-in sessions (families)
    sessions: await count(
      db
        .selectFrom('refresh_tokens')
        .select((eb) => eb.fn.count<number>('family_id').distinct().as('n'))
        .where('user_id', '=', userId),
    ),
    passkeys: await n('user_passkeys'),
    authenticatorApps: await count(
      db
        .selectFrom('user_second_factors')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId),
    ),
    recoveryCodes: await n('user_recovery_codes'),
    resetTokens: await count(
      db
        .selectFrom('password_reset_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId),
    ),
  }
}

/** Super admins other than `userId` (the last one may not delete itself). */
export async function countOtherSuperAdmins(db: GlobalDb, userId: UserId): Promise<number> {
  return count(
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_super_admin', '=', 1)
      .where('is_disabled', '=', 0)
      .where('id', '!=', userId),
  )
}

/** Revokes the live API keys the account created, in every tenant; returns how many. */
export async function revokeKeysCreatedBy(
  unscoped: Unscoped,
  userId: UserId,
  now: number,
): Promise<number> {
  const r = await unscoped
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('created_by_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Deletes the account. Passkeys are deleted explicitly (the rest follows through ON DELETE
 * CASCADE: sessions, memberships, second factor, recovery codes, reset tokens; api_keys'
 * created_by_user_id becomes NULL).
 */
export async function deleteAccountRows(db: GlobalDb, userId: UserId): Promise<void> {
  await db.deleteFrom('user_passkeys').where('user_id', '=', userId).execute()
  await db.deleteFrom('users').where('id', '=', userId).execute()
}

export async function insertDeletionReceipt(
  db: GlobalDb,
  row: Insertable<AccountDeletionsTable>,
): Promise<void> {
  await db.insertInto('account_deletions').values(row).execute()
}
