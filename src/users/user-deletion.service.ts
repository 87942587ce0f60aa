// A tenant admin deletes the account of a member (issue 19, Art. 17 on the user's behalf): only
// for accounts that belong to no other tenant and are no super admin (a super admin may delete
// any account but the last super admin), never their own (the account page does that), and
// only after confirming the admin's own password. Refusals, including a user of another tenant,
// are audited; the deletion itself is privacy's deleteAccountIn.
import type { AccountThrottle } from '../auth/index.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction, type Tx } from '../db/with-transaction.ts'
import { ForbiddenError, NotFoundError } from '../lib/errors.ts'
import {
  confirmPassword,
  deletableAccount,
  deleteAccountIn,
  type DeletionReceipt,
} from '../privacy/index.ts'
import { auditAdmin, auditRefusal, type Actor } from '../tenants/index.ts'
import {
  assertMayChangeAccount,
  assertNotSelf,
  memberOrNotFound,
  refusalFields,
} from './user-rules.ts'
import type { UsersDeps } from './users.service.ts'

async function allowedMember(tx: Tx, actor: Actor, scope: TenantScope, userId: string) {
  const member = await memberOrNotFound(tx, scope, userId)
  assertNotSelf(actor, member, 'delete')
  await assertMayChangeAccount(tx, actor, member)
  return member
}

/**
 * Deletes a member's account; returns the receipt (shown once).
 * @example const receipt = await deleteMemberAccount(deps, actor, scope, id, password, throttle)
 */
export async function deleteMemberAccount(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
  password: string,
  throttle?: AccountThrottle,
): Promise<DeletionReceipt> {
  const fields = refusalFields(scope, 'account.delete', userId)
  const run = async () => {
    if (!actor.userId) throw new ForbiddenError('Only a signed-in admin can delete an account.')
    const adminId = actor.userId
    // who may, before the password is checked (a refusal names the reason, not a password error)
    await withTransaction(deps, (tx) => allowedMember(tx, actor, scope, userId))
    const audit = { tenantId: scope.tenantId, target: { id: userId, label: null }, ip: actor.ip }
    await confirmPassword(
      deps,
      { userId: adminId, username: actor.name },
      password,
      audit,
      throttle,
    )
    const now = deps.clock.now()
    return withTransaction(deps, async (tx) => {
      const member = await allowedMember(tx, actor, scope, userId)
      const account = await deletableAccount(tx.global, member.userId)
      if (!account) throw new NotFoundError('User not found.', { code: 'user_not_found' })
      const by = { kind: 'admin' as const, userId: adminId, name: actor.name, ip: actor.ip }
      return deleteAccountIn(tx, account, { ...by, tenantId: scope.tenantId }, now)
    })
  }
  try {
    return await auditRefusal(deps, actor, fields, run)
  } catch (err) {
    // another tenant's user (or none): refused like a foreign one, and recorded
    if (err instanceof NotFoundError) {
      const details = { reason: 'user_not_found' }
      await auditAdmin(deps.db, actor, { ...fields, outcome: 'failure', details }, deps.clock.now())
    }
    throw err
  }
}
