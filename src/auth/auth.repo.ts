// Queries on the global tables auth owns: users (credentials), refresh_tokens, appliance_settings.
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { RefreshTokensTable, UsersTable } from '../db/schema.ts'
import type { RefreshTokenId, TenantId, TokenFamilyId, UserId } from '../lib/ids.ts'

export type UserRow = Selectable<UsersTable>
export type RefreshTokenRow = Selectable<RefreshTokensTable>

export function findUserByUsername(db: GlobalDb, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export function findUserById(db: GlobalDb, id: UserId): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countUsers(db: GlobalDb): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function updatePasswordHash(
  db: GlobalDb,
  id: UserId,
  hash: string,
  now: number,
  opts: { mustChange: boolean },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: hash,
      must_change_password: opts.mustChange ? 1 : 0,
      password_changed_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
}

/** Upgrades a hash to the current parameters after a successful sign-in (not a password change). */
export async function replaceHash(
  db: GlobalDb,
  id: UserId,
  hash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export interface NewRefreshToken {
  id: RefreshTokenId
  userId: UserId
  familyId: TokenFamilyId
  tokenHash: string
  activeTenantId: TenantId | null
  createdAt: number
  expiresAt: number
  ip: string | null
  userAgent: string | null
}

export async function insertRefreshToken(db: GlobalDb, t: NewRefreshToken): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      family_id: t.familyId,
      token_hash: t.tokenHash,
      active_tenant_id: t.activeTenantId,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      used_at: null,
      revoked_at: null,
      ip: t.ip,
      user_agent: t.userAgent,
    })
    .execute()
}

export function findRefreshTokenByHash(
  db: GlobalDb,
  hash: string,
): Promise<RefreshTokenRow | undefined> {
  return db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst()
}

/** Marks a token rotated; false when another request rotated it first (the row was not unused). */
export async function markRefreshTokenUsed(
  db: GlobalDb,
  id: RefreshTokenId,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function revokeFamily(
  db: GlobalDb,
  familyId: TokenFamilyId,
  now: number,
): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function revokeAllForUser(db: GlobalDb, userId: UserId, now: number): Promise<number> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** A family is live while it has an unrevoked, unexpired token (checked on every request). */
export async function isFamilyLive(
  db: GlobalDb,
  familyId: TokenFamilyId,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select('id')
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * The tenant a live family last switched to (its current token's), or null: long-lived responses
 * (the /live stream) compare it with the tenant they were opened for (issue 15).
 */
export async function familyActiveTenant(
  db: GlobalDb,
  familyId: TokenFamilyId,
): Promise<TenantId | null> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select('active_tenant_id')
    .where('family_id', '=', familyId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return (row?.active_tenant_id as TenantId | null | undefined) ?? null
}

/** Remembers the tenant on the family's current token so a refresh keeps it. */
export async function setFamilyTenant(
  db: GlobalDb,
  familyId: TokenFamilyId,
  tenantId: TenantId,
): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ active_tenant_id: tenantId })
    .where('family_id', '=', familyId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function readSetting(db: GlobalDb, key: string): Promise<unknown> {
  const row = await db
    .selectFrom('appliance_settings')
    .select('value_json')
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? (JSON.parse(row.value_json) as unknown) : undefined
}

export async function writeSetting(
  db: GlobalDb,
  key: string,
  value: unknown,
  now: number,
): Promise<void> {
  const value_json = JSON.stringify(value)
  await db
    .insertInto('appliance_settings')
    .values({ key, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute()
}
