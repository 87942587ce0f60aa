// Queries on the users table (global). Memberships live in the tenants domain.
import type { GlobalDb } from '../db/global-db.ts'
import type { UserId } from '../lib/ids.ts'
import type { UserAccount } from './users.types.ts'

function accountQuery(db: GlobalDb) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name as displayName',
      'is_super_admin as isSuperAdmin',
      'is_disabled as isDisabled',
      'must_change_password as mustChangePassword',
      'created_at as createdAt',
    ])
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountQuery>['executeTakeFirstOrThrow']>>

function toAccount(r: AccountRow): UserAccount {
  return {
    ...r,
    isSuperAdmin: r.isSuperAdmin === 1,
    isDisabled: r.isDisabled === 1,
    mustChangePassword: r.mustChangePassword === 1,
  }
}

/** User names are unique case-insensitively (COLLATE NOCASE). */
export async function findAccountByUsername(
  db: GlobalDb,
  username: string,
): Promise<UserAccount | undefined> {
  const row = await accountQuery(db).where('username', '=', username).executeTakeFirst()
  return row ? toAccount(row) : undefined
}

export async function listAccounts(db: GlobalDb, limit: number): Promise<UserAccount[]> {
  const rows = await accountQuery(db).orderBy('username').limit(limit).execute()
  return rows.map(toAccount)
}

export async function insertUser(
  db: GlobalDb,
  u: {
    id: UserId
    username: string
    displayName: string | null
    passwordHash: string
    now: number
  },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      is_super_admin: 0,
      must_change_password: 1,
      is_disabled: 0,
      created_at: u.now,
      updated_at: u.now,
      password_changed_at: null,
    })
    .execute()
}

export async function updateUserDisabled(
  db: GlobalDb,
  id: UserId,
  disabled: boolean,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ is_disabled: disabled ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute()
}

/** A new one-time password: the user must change it at the next sign-in. */
export async function updateTemporaryPassword(
  db: GlobalDb,
  id: UserId,
  passwordHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: 1,
      password_changed_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
}
