// Tenant admins manage the users of their tenant (super admins act as admin in every tenant).
// Account-wide changes (disable, password reset) are refused when the account also belongs to
// another tenant: one tenant's admin must not lock a user out of a tenant they don't run.
import { hashPassword } from '../auth/password-hash.ts'
import type { Deps } from '../deps.ts'
import type { TenantRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts'
import { isId, newId, type MembershipId, type UserId } from '../lib/ids.ts'
import {
  auditAdmin,
  countMembershipsOfUser,
  deleteMembership,
  findMemberByUserId,
  insertMembership,
  isUniqueViolation,
  listMembers,
  updateMembershipRole,
  type Actor,
  type Member,
} from '../tenants/index.ts'
import { temporaryPassword } from './temporary-password.ts'
import {
  findAccountByUsername,
  insertUser,
  revokeRefreshTokens,
  updateTemporaryPassword,
  updateUserDisabled,
} from './users.repo.ts'
import type { TemporaryPasswordResult, TenantUserDetail } from './users.types.ts'

export type UsersDeps = Pick<Deps, 'db' | 'kysely' | 'unscoped' | 'clock' | 'config'>

const MAX_MEMBERS = 5_000
const USERNAME_TAKEN = { username: 'This user name is taken.' }

export function listTenantUsers(deps: UsersDeps, scope: TenantScope): Promise<Member[]> {
  return withTransaction(deps, (tx) => listMembers(tx.scope(scope.tenantId), MAX_MEMBERS))
}

async function memberOrNotFound(tx: Tx, scope: TenantScope, userId: string): Promise<Member> {
  const member = isId(userId)
    ? await findMemberByUserId(tx.scope(scope.tenantId), userId as UserId)
    : undefined
  if (!member) throw new NotFoundError('User not found.', { code: 'user_not_found' })
  return member
}

/** A member of the scope's tenant, or NotFoundError (also for another tenant's user). */
export function getTenantUser(
  deps: UsersDeps,
  scope: TenantScope,
  userId: string,
): Promise<Member> {
  return withTransaction(deps, (tx) => memberOrNotFound(tx, scope, userId))
}

function assertNotSelf(actor: Actor, member: Member, what: string): void {
  if (actor.userId === member.userId) {
    throw new ForbiddenError(`You can't ${what} your own account here.`, { code: 'own_account' })
  }
}

/** Why the actor may not change the account (disable, reset password), or undefined. */
async function accountRefusal(tx: Tx, actor: Actor, member: Member): Promise<string | undefined> {
  if (actor.isSuperAdmin) return undefined
  if (member.isSuperAdmin) return 'Only a super admin can change this account.'
  if ((await countMembershipsOfUser(tx.unscoped, member.userId)) > 1) {
    return 'This user also belongs to other tenants; ask a super admin.'
  }
  return undefined
}

/** Account-wide changes: a super admin, or a tenant admin for an account only in this tenant. */
async function assertMayChangeAccount(tx: Tx, actor: Actor, member: Member): Promise<void> {
  const refusal = await accountRefusal(tx, actor, member)
  if (refusal) throw new ForbiddenError(refusal, { code: 'account_shared' })
}

/** A member plus what the actor may do with them (the page hides the rest). */
export function describeTenantUser(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<TenantUserDetail> {
  return withTransaction(deps, async (tx) => {
    const member = await memberOrNotFound(tx, scope, userId)
    const isSelf = actor.userId === member.userId
    const refusal = isSelf ? 'This is your own account.' : await accountRefusal(tx, actor, member)
    return { member, isSelf, accountRefusal: refusal ?? null }
  })
}

/** Audits a change to `member` in the scope's tenant, inside the transaction. */
function audit(
  tx: Tx,
  actor: Actor,
  scope: TenantScope,
  now: number,
  action: string,
  member: Member,
  details?: Record<string, unknown>,
): Promise<void> {
  const target = { type: 'user', id: member.userId, label: member.username }
  const fields = { tenantId: scope.tenantId, action, target, ...(details ? { details } : {}) }
  return auditAdmin(tx.global, actor, fields, now)
}

export async function createTenantUser(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  input: { username: string; displayName: string; role: TenantRole },
): Promise<TemporaryPasswordResult> {
  if (await findAccountByUsername(deps.db, input.username)) {
    throw new ValidationError(USERNAME_TAKEN)
  }
  const password = temporaryPassword()
  // argon2 runs before the transaction: it is slow and the connection is held while tx is open
  const passwordHash = await hashPassword(password, deps.config.argon2Profile)
  const now = deps.clock.now()
  const userId = newId<UserId>(now)
  try {
    const member = await withTransaction(deps, async (tx) => {
      const displayName = input.displayName === '' ? null : input.displayName
      const username = input.username
      await insertUser(tx.global, { id: userId, username, displayName, passwordHash, now })
      const id = newId<MembershipId>(now)
      const row = { id, user_id: userId, role: input.role, created_at: now }
      await insertMembership(tx.scope(scope.tenantId), row)
      const created = await memberOrNotFound(tx, scope, userId)
      await audit(tx, actor, scope, now, 'user.create', created, { role: input.role })
      return created
    })
    return { member, temporaryPassword: password }
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(USERNAME_TAKEN, undefined, { cause: err })
    throw err
  }
}

export function changeUserRole(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
  role: TenantRole,
): Promise<Member> {
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const member = await memberOrNotFound(tx, scope, userId)
    assertNotSelf(actor, member, 'change the role of')
    if (member.role === role) return member
    await updateMembershipRole(tx.scope(scope.tenantId), member.userId, role)
    await audit(tx, actor, scope, now, 'user.role_change', member, { from: member.role, to: role })
    return { ...member, role }
  })
}

export function setUserDisabled(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
  disabled: boolean,
): Promise<Member> {
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const member = await memberOrNotFound(tx, scope, userId)
    assertNotSelf(actor, member, disabled ? 'disable' : 'enable')
    await assertMayChangeAccount(tx, actor, member)
    if (member.isDisabled === disabled) return member
    await updateUserDisabled(tx.global, member.userId, disabled, now)
    // a disabled account is signed out everywhere at once
    const revoked = disabled ? await revokeRefreshTokens(tx.global, member.userId, now) : 0
    const action = disabled ? 'user.disable' : 'user.enable'
    const details = disabled ? { revokedSessions: revoked } : undefined
    await audit(tx, actor, scope, now, action, member, details)
    return { ...member, isDisabled: disabled }
  })
}

export async function resetUserPassword(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<TemporaryPasswordResult> {
  const before = await getTenantUser(deps, scope, userId)
  assertNotSelf(actor, before, 'reset the password of')
  const password = temporaryPassword()
  const passwordHash = await hashPassword(password, deps.config.argon2Profile)
  const now = deps.clock.now()
  const member = await withTransaction(deps, async (tx) => {
    const m = await memberOrNotFound(tx, scope, userId)
    await assertMayChangeAccount(tx, actor, m)
    await updateTemporaryPassword(tx.global, m.userId, passwordHash, now)
    const revoked = await revokeRefreshTokens(tx.global, m.userId, now)
    await audit(tx, actor, scope, now, 'user.password_reset', m, { revokedSessions: revoked })
    return { ...m, mustChangePassword: true }
  })
  return { member, temporaryPassword: password }
}

/** Removes the membership; the account stays (it may belong to other tenants). */
export function removeTenantUser(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<Member> {
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const member = await memberOrNotFound(tx, scope, userId)
    assertNotSelf(actor, member, 'remove')
    await deleteMembership(tx.scope(scope.tenantId), member.userId)
    await audit(tx, actor, scope, now, 'user.remove', member, { role: member.role })
    return member
  })
}
