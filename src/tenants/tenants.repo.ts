// Queries of the tenants domain: tenants (global) and memberships (tenant-scoped).
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Unscoped } from '../db/unscoped.ts'
import type { MembershipId, TenantId, UserId } from '../lib/ids.ts'
import type { Member, Tenant, TenantSummary } from './tenants.types.ts'

export function findTenantById(db: GlobalDb, id: TenantId): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Names are unique case-insensitively (COLLATE NOCASE). */
export function findTenantByName(db: GlobalDb, name: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst()
}

export function listTenants(db: GlobalDb, limit: number): Promise<Tenant[]> {
  return db.selectFrom('tenants').selectAll().orderBy('name').limit(limit).execute()
}

/**
 * Member count per tenant, for the super admin's tenant list. Reads memberships of every tenant,
 * hence the reviewed Unscoped handle; it returns counts only, never rows.
 */
export async function countMembersByTenant(unscoped: Unscoped): Promise<Map<string, number>> {
  const rows = await unscoped
    .selectFrom('memberships')
    .select(['tenant_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('tenant_id')
    .execute()
  return new Map(rows.map((r) => [r.tenant_id, Number(r.n)]))
}

/** How many tenants a user belongs to (decides whether a tenant admin may change the account). */
export async function countMembershipsOfUser(unscoped: Unscoped, userId: UserId): Promise<number> {
  const row = await unscoped
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Every membership of a list of users, with the tenant name (super admin's user list). */
export function listMembershipsOfUsers(
  unscoped: Unscoped,
  userIds: readonly UserId[],
): Promise<{ userId: UserId; tenantId: TenantId; tenantName: string; role: TenantRole }[]> {
  if (userIds.length === 0) return Promise.resolve([])
  return unscoped
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select([
      'memberships.user_id as userId',
      'memberships.tenant_id as tenantId',
      'tenants.name as tenantName',
      'memberships.role as role',
    ])
    .where('memberships.user_id', 'in', userIds)
    .orderBy('tenants.name')
    .execute()
}

export async function insertTenant(db: GlobalDb, tenant: Tenant): Promise<void> {
  await db.insertInto('tenants').values(tenant).execute()
}

export async function updateTenant(
  db: GlobalDb,
  id: TenantId,
  patch: { name?: string; is_disabled?: 0 | 1 },
): Promise<void> {
  await db.updateTable('tenants').set(patch).where('id', '=', id).execute()
}

/** Memberships, API keys and every other tenant row go with it (ON DELETE CASCADE). */
export async function deleteTenant(db: GlobalDb, id: TenantId): Promise<void> {
  await db.deleteFrom('tenants').where('id', '=', id).execute()
}

export function toSummary(t: Tenant, memberCount: number): TenantSummary {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    isDisabled: t.is_disabled === 1,
    memberCount,
  }
}

function memberQuery(scope: TenantScope) {
  return scope
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.id as membershipId',
      'users.id as userId',
      'users.username as username',
      'users.display_name as displayName',
      'memberships.role as role',
      'users.is_disabled as isDisabled',
      'users.is_super_admin as isSuperAdmin',
      'users.must_change_password as mustChangePassword',
      'memberships.created_at as createdAt',
    ])
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberQuery>['executeTakeFirstOrThrow']>>

function toMember(r: MemberRow): Member {
  return {
    ...r,
    isDisabled: r.isDisabled === 1,
    isSuperAdmin: r.isSuperAdmin === 1,
    mustChangePassword: r.mustChangePassword === 1,
  }
}

export async function listMembers(scope: TenantScope, limit: number): Promise<Member[]> {
  const rows = await memberQuery(scope).orderBy('users.username').limit(limit).execute()
  return rows.map(toMember)
}

export async function findMemberByUserId(
  scope: TenantScope,
  userId: UserId,
): Promise<Member | undefined> {
  const row = await memberQuery(scope).where('memberships.user_id', '=', userId).executeTakeFirst()
  return row ? toMember(row) : undefined
}

export async function findMemberById(
  scope: TenantScope,
  id: MembershipId,
): Promise<Member | undefined> {
  const row = await memberQuery(scope).where('memberships.id', '=', id).executeTakeFirst()
  return row ? toMember(row) : undefined
}

export async function insertMembership(
  scope: TenantScope,
  m: { id: MembershipId; user_id: UserId; role: TenantRole; created_at: number },
): Promise<void> {
  await scope.insertInto('memberships', m).execute()
}

export async function updateMembershipRole(
  scope: TenantScope,
  userId: UserId,
  role: TenantRole,
): Promise<void> {
  await scope.updateTable('memberships').set({ role }).where('user_id', '=', userId).execute()
}

export async function deleteMembership(scope: TenantScope, userId: UserId): Promise<void> {
  await scope.deleteFrom('memberships').where('user_id', '=', userId).execute()
}

/** The account a super admin names when adding a member. */
export function findUserByUsername(
  db: GlobalDb,
  username: string,
): Promise<{ id: UserId; username: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', username)
    .executeTakeFirst()
}
