// Shared rules of the user use cases: find a member of the scope's tenant, who may change what,
// and how changes and refused attempts are audited.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { Tx } from '../db/with-transaction.ts'
import { ForbiddenError, NotFoundError } from '../lib/errors.ts'
import { isId, type UserId } from '../lib/ids.ts'
import {
  auditAdmin,
  countMembershipsOfUser,
  findMemberByUserId,
  type Actor,
  type AuditFields,
  type Member,
} from '../tenants/index.ts'

/** A member of the scope's tenant, or NotFoundError (also for another tenant's user). */
export async function memberOrNotFound(
  tx: Tx,
  scope: TenantScope,
  userId: string,
): Promise<Member> {
  const member = isId(userId)
    ? await findMemberByUserId(tx.scope(scope.tenantId), userId as UserId)
    : undefined
  if (!member) throw new NotFoundError('User not found.', { code: 'user_not_found' })
  return member
}

/** Admins change their own account on the account page, never by accident from the list. */
export function assertNotSelf(actor: Actor, member: Member, what: string): void {
  if (actor.userId === member.userId) {
    throw new ForbiddenError(`You can't ${what} your own account here.`, { code: 'own_account' })
  }
}

/** Why the actor may not change the account (disable, reset password), or undefined. */
export async function accountRefusal(
  tx: Tx,
  actor: Actor,
  member: Member,
): Promise<string | undefined> {
  if (actor.isSuperAdmin) return undefined
  if (member.isSuperAdmin) return 'Only a super admin can change this account.'
  if ((await countMembershipsOfUser(tx.unscoped, member.userId)) > 1) {
    return 'This user also belongs to other tenants; ask a super admin.'
  }
  return undefined
}

/** Account-wide changes: a super admin, or a tenant admin for an account only in this tenant. */
export async function assertMayChangeAccount(tx: Tx, actor: Actor, member: Member): Promise<void> {
  const refusal = await accountRefusal(tx, actor, member)
  if (refusal) throw new ForbiddenError(refusal, { code: 'account_shared' })
}

/** The audit fields of a refused attempt (the member may not even be readable). */
export function refusalFields(
  scope: TenantScope,
  action: string,
  userId: string,
  details?: Record<string, unknown>,
): AuditFields {
  const target = { type: 'user', id: isId(userId) ? userId : null, label: null }
  return { tenantId: scope.tenantId, action, target, ...(details ? { details } : {}) }
}

export interface ChangeContext {
  tx: Tx
  actor: Actor
  scope: TenantScope
  now: number
}

/** Audits a change to `member` in the scope's tenant, inside the transaction. */
export function auditMemberChange(
  ctx: ChangeContext,
  action: string,
  member: Member,
  details?: Record<string, unknown>,
): Promise<void> {
  const target = { type: 'user', id: member.userId, label: member.username }
  const fields = { tenantId: ctx.scope.tenantId, action, target, ...(details ? { details } : {}) }
  return auditAdmin(ctx.tx.global, ctx.actor, fields, ctx.now)
}
