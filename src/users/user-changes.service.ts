// Changes a tenant admin makes to one user: role, disable/enable, password reset, removal.
// Each is audited in its transaction; a refused attempt (403) is audited as a failure.
import { hashPassword, revokeAllForUser } from '../auth/index.ts'
import type { TenantRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import {
  auditRefusal,
  deleteMembership,
  updateMembershipRole,
  type Actor,
  type Member,
} from '../tenants/index.ts'
import { temporaryPassword } from './temporary-password.ts'
import {
  assertMayChangeAccount,
  assertNotSelf,
  auditMemberChange,
  memberOrNotFound,
  refusalFields,
} from './user-rules.ts'
import { updateTemporaryPassword, updateUserDisabled } from './users.repo.ts'
import { getTenantUser, type UsersDeps } from './users.service.ts'
import type { TemporaryPasswordResult } from './users.types.ts'

export function changeUserRole(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
  role: TenantRole,
): Promise<Member> {
  const now = deps.clock.now()
  const change = () =>
    withTransaction(deps, async (tx) => {
      const member = await memberOrNotFound(tx, scope, userId)
      assertNotSelf(actor, member, 'change the role of')
      if (member.role === role) return member
      await updateMembershipRole(tx.scope(scope.tenantId), member.userId, role)
      const details = { from: member.role, to: role }
      await auditMemberChange({ tx, actor, scope, now }, 'user.role_change', member, details)
      return { ...member, role }
    })
  const fields = refusalFields(scope, 'user.role_change', userId, { to: role })
  return auditRefusal(deps, actor, fields, change)
}

export function setUserDisabled(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
  disabled: boolean,
): Promise<Member> {
  const now = deps.clock.now()
  const action = disabled ? 'user.disable' : 'user.enable'
  const change = () =>
    withTransaction(deps, async (tx) => {
      const member = await memberOrNotFound(tx, scope, userId)
      assertNotSelf(actor, member, disabled ? 'disable' : 'enable')
      await assertMayChangeAccount(tx, actor, member)
      if (member.isDisabled === disabled) return member
      await updateUserDisabled(tx.global, member.userId, disabled, now)
      // a disabled account is signed out everywhere at once
      const revoked = disabled ? await revokeAllForUser(tx.global, member.userId, now) : 0
      const details = disabled ? { revokedSessions: revoked } : undefined
      await auditMemberChange({ tx, actor, scope, now }, action, member, details)
      return { ...member, isDisabled: disabled }
    })
  return auditRefusal(deps, actor, refusalFields(scope, action, userId), change)
}

async function resetPassword(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<TemporaryPasswordResult> {
  assertNotSelf(actor, await getTenantUser(deps, scope, userId), 'reset the password of')
  const password = temporaryPassword()
  // argon2 runs before the transaction: it is slow and the connection is held while tx is open
  const passwordHash = await hashPassword(password, deps.config.argon2Profile)
  const now = deps.clock.now()
  const member = await withTransaction(deps, async (tx) => {
    const m = await memberOrNotFound(tx, scope, userId)
    await assertMayChangeAccount(tx, actor, m)
    await updateTemporaryPassword(tx.global, m.userId, passwordHash, now)
    // the old password may be known to someone: end every session made with it
    const revoked = await revokeAllForUser(tx.global, m.userId, now)
    const details = { revokedSessions: revoked }
    await auditMemberChange({ tx, actor, scope, now }, 'user.password_reset', m, details)
    return { ...m, mustChangePassword: true }
  })
  return { member, temporaryPassword: password }
}

/** A new one-time password (shown once); the user must change it and is signed out everywhere. */
export function resetUserPassword(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<TemporaryPasswordResult> {
  const fields = refusalFields(scope, 'user.password_reset', userId)
  return auditRefusal(deps, actor, fields, () => resetPassword(deps, actor, scope, userId))
}

/** Removes the membership; the account stays (it may belong to other tenants). */
export function removeTenantUser(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  userId: string,
): Promise<Member> {
  const now = deps.clock.now()
  const change = () =>
    withTransaction(deps, async (tx) => {
      const member = await memberOrNotFound(tx, scope, userId)
      assertNotSelf(actor, member, 'remove')
      await deleteMembership(tx.scope(scope.tenantId), member.userId)
      const details = { role: member.role }
      await auditMemberChange({ tx, actor, scope, now }, 'user.remove', member, details)
      return member
    })
  return auditRefusal(deps, actor, refusalFields(scope, 'user.remove', userId), change)
}
