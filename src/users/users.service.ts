// Tenant admins manage the users of their tenant (super admins act as admin in every tenant):
// list, look at one, create with a one-time password. Changes to a user are in user-changes.
import { hashPassword } from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import type { TenantRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ValidationError } from '../lib/errors.ts'
import { newId, type MembershipId, type UserId } from '../lib/ids.ts'
import {
  insertMembership,
  isUniqueViolation,
  listMembers,
  type Actor,
  type Member,
} from '../tenants/index.ts'
import { temporaryPassword } from './temporary-password.ts'
import { accountRefusal, auditMemberChange, memberOrNotFound } from './user-rules.ts'
import { findAccountByUsername, insertUser } from './users.repo.ts'
import type { TemporaryPasswordResult, TenantUserDetail } from './users.types.ts'

export type UsersDeps = Pick<Deps, 'db' | 'kysely' | 'unscoped' | 'clock' | 'config'>

const MAX_MEMBERS = 5_000
const USERNAME_TAKEN = { username: 'This user name is taken.' }
/**
 * What a tenant admin hears for a name that exists: it neither says where (this tenant, another
 * one, a super admin) nor offers to share the account; that is for super admins
 * (account-request.service.ts).
 */
const USERNAME_UNAVAILABLE = {
  username:
    'This user name is not available for a new account. If the person already has an account, ' +
    'use “Add an existing account”.',
}

export function listTenantUsers(deps: UsersDeps, scope: TenantScope): Promise<Member[]> {
  return withTransaction(deps, (tx) => listMembers(tx.scope(scope.tenantId), MAX_MEMBERS))
}

/** A member of the scope's tenant, or NotFoundError (also for another tenant's user). */
export function getTenantUser(
  deps: UsersDeps,
  scope: TenantScope,
  userId: string,
): Promise<Member> {
  return withTransaction(deps, (tx) => memberOrNotFound(tx, scope, userId))
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

export async function createTenantUser(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  input: { username: string; displayName: string; role: TenantRole },
): Promise<TemporaryPasswordResult> {
  const taken = actor.isSuperAdmin ? USERNAME_TAKEN : USERNAME_UNAVAILABLE
  if (await findAccountByUsername(deps.db, input.username)) throw new ValidationError(taken)
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
      const ctx = { tx, actor, scope, now }
      await auditMemberChange(ctx, 'user.create', created, { role: input.role })
      return created
    })
    return { member, temporaryPassword: password }
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError(taken, undefined, { cause: err })
    throw err
  }
}
