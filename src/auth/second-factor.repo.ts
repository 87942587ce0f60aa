// Queries on the second-factor tables (user_second_factors, user_recovery_codes) and the two
// "require a second factor" switches (tenants.require_second_factor, appliance_settings).
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { UserSecondFactorsTable } from '../db/schema.ts'
import type { TenantId, UserId } from '../lib/ids.ts'

export type SecondFactorRow = Selectable<UserSecondFactorsTable>
export const APPLIANCE_REQUIRE_KEY = 'require_second_factor'

export function findSecondFactor(
  db: GlobalDb,
  userId: UserId,
): Promise<SecondFactorRow | undefined> {
  return db
    .selectFrom('user_second_factors')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** A new, unconfirmed secret replaces any earlier unconfirmed one (never a confirmed one). */
export async function upsertPendingSecret(
  db: GlobalDb,
  userId: UserId,
  sealed: string,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('user_second_factors')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .execute()
  await db
    .insertInto('user_second_factors')
    .values({ user_id: userId, secret_sealed: sealed, created_at: now, confirmed_at: null })
    .execute()
}

/**
 * Records an accepted step; false when another request accepted this step (or a later one)
 * first, so two concurrent sign-ins cannot both spend one code.
 */
export async function acceptStep(
  db: GlobalDb,
  userId: UserId,
  step: number,
  confirmAt?: number,
): Promise<boolean> {
  let q = db
    .updateTable('user_second_factors')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('last_step', '<', step)
  if (confirmAt !== undefined) q = q.set({ confirmed_at: confirmAt })
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function deleteSecondFactor(db: GlobalDb, userId: UserId): Promise<boolean> {
  const r = await db
    .deleteFrom('user_second_factors')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute()
  return Number(r.numDeletedRows) > 0
}

export async function replaceRecoveryCodes(
  db: GlobalDb,
  userId: UserId,
  rows: readonly { id: string; hash: string }[],
  now: number,
): Promise<void> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute()
  const values = rows.map((r) => ({
    id: r.id,
    user_id: userId,
    code_hash: r.hash,
    created_at: now,
    used_at: null,
  }))
  await db.insertInto('user_recovery_codes').values(values).execute()
}

/** Spends a recovery code; false when it is unknown or already used. */
export async function spendRecoveryCode(
  db: GlobalDb,
  userId: UserId,
  hash: string,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function isRecoveryCodeUsed(
  db: GlobalDb,
  userId: UserId,
  hash: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select('used_at')
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .executeTakeFirst()
  return row?.used_at !== undefined && row.used_at !== null
}

export async function countUnusedRecoveryCodes(db: GlobalDb, userId: UserId): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function applianceRequiresSecondFactor(db: GlobalDb): Promise<boolean> {
  const row = await db
    .selectFrom('appliance_settings')
    .select('value_json')
    .where('key', '=', APPLIANCE_REQUIRE_KEY)
    .executeTakeFirst()
  return row?.value_json === 'true'
}

export async function setApplianceRequirement(
  db: GlobalDb,
  required: boolean,
  now: number,
): Promise<void> {
  const value_json = JSON.stringify(required)
  await db
    .insertInto('appliance_settings')
    .values({ key: APPLIANCE_REQUIRE_KEY, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute()
}

export async function tenantsRequiringSecondFactor(
  db: GlobalDb,
  tenantIds: readonly TenantId[],
): Promise<TenantId[]> {
  if (tenantIds.length === 0) return []
  const rows = await db
    .selectFrom('tenants')
    .select('id')
    .where('id', 'in', tenantIds)
    .where('require_second_factor', '=', 1)
    .execute()
  return rows.map((r) => r.id)
}

export async function setTenantRequirement(
  db: GlobalDb,
  tenantId: TenantId,
  required: boolean,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ require_second_factor: required ? 1 : 0 })
    .where('id', '=', tenantId)
    .execute()
}
