// Queries on user_passkeys and webauthn_challenges (issue 19).
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { UserPasskeysTable, WebauthnChallengesTable } from '../db/schema.ts'
import type { UserId } from '../lib/ids.ts'

export type PasskeyRow = Selectable<UserPasskeysTable>
export type ChallengePurpose = WebauthnChallengesTable['purpose']

export function listPasskeys(db: GlobalDb, userId: UserId): Promise<PasskeyRow[]> {
  return db
    .selectFrom('user_passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

export async function countPasskeys(db: GlobalDb, userId: UserId): Promise<number> {
  const row = await db
    .selectFrom('user_passkeys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findPasskeyByCredential(
  db: GlobalDb,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  return db
    .selectFrom('user_passkeys')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst()
}

export function findOwnPasskey(
  db: GlobalDb,
  userId: UserId,
  id: string,
): Promise<PasskeyRow | undefined> {
  return db
    .selectFrom('user_passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function insertPasskey(
  db: GlobalDb,
  row: Omit<PasskeyRow, 'last_used_at'>,
): Promise<void> {
  await db
    .insertInto('user_passkeys')
    .values({ ...row, last_used_at: null })
    .execute()
}

export async function renamePasskey(
  db: GlobalDb,
  userId: UserId,
  id: string,
  name: string,
): Promise<boolean> {
  const r = await db
    .updateTable('user_passkeys')
    .set({ name })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function deletePasskey(db: GlobalDb, userId: UserId, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('user_passkeys')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) === 1
}

export async function deleteAllPasskeys(db: GlobalDb, userId: UserId): Promise<number> {
  const r = await db.deleteFrom('user_passkeys').where('user_id', '=', userId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/**
 * Records a use: the new signature counter, backup state and time. The counter condition makes
 * two concurrent uses of one non-zero counter value lose one (a cloned authenticator's symptom).
 */
export async function recordPasskeyUse(
  db: GlobalDb,
  id: string,
  use: { counter: number; backedUp: boolean; now: number },
): Promise<boolean> {
  const r = await db
    .updateTable('user_passkeys')
    .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.now })
    .where('id', '=', id)
    .where('counter', use.counter === 0 ? '=' : '<', use.counter)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function storeChallenge(
  db: GlobalDb,
  c: {
    challenge: string
    purpose: ChallengePurpose
    userId: UserId | null
    now: number
    ttlMs: number
  },
): Promise<void> {
  // expired challenges older than an hour are of no use even to tell "expired" from "unknown"
  await db
    .deleteFrom('webauthn_challenges')
    .where('expires_at', '<', c.now - 3_600_000)
    .execute()
  await db
    .insertInto('webauthn_challenges')
    .values({
      challenge: c.challenge,
      purpose: c.purpose,
      user_id: c.userId,
      created_at: c.now,
      expires_at: c.now + c.ttlMs,
      used_at: null,
    })
    .execute()
}

export type SpendResult =
  | { ok: true; userId: UserId | null }
  | { ok: false; reason: 'unknown_challenge' | 'replayed' | 'expired' }

/** Spends a challenge of this purpose once; the second spend of it is a replay. */
export async function spendChallenge(
  db: GlobalDb,
  challenge: string,
  purpose: ChallengePurpose,
  now: number,
): Promise<SpendResult> {
  const row = await db
    .updateTable('webauthn_challenges')
    .set({ used_at: now })
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst()
  if (row) return { ok: true, userId: row.user_id }
  const seen = await db
    .selectFrom('webauthn_challenges')
    .select(['used_at', 'expires_at'])
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  if (!seen) return { ok: false, reason: 'unknown_challenge' }
  return { ok: false, reason: seen.used_at !== null ? 'replayed' : 'expired' }
}

/** Challenges handed out and still open: bounds what an anonymous flood can store. */
export async function countOpenChallenges(db: GlobalDb, now: number): Promise<number> {
  const row = await db
    .selectFrom('webauthn_challenges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
