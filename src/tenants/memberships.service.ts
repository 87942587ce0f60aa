// Memberships managed by super admins from a tenant's page: who belongs to the tenant, with
// which role. Tenant admins manage their own tenant's members through the users domain.
import type { TenantRole } from '../db/schema.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { isId, newId, type MembershipId } from '../lib/ids.ts'
import { auditAdmin } from './audit-entry.ts'
import {
  deleteMembership,
  findMemberById,
  findMemberByUserId,
  findUserByUsername,
  insertMembership,
  listMembers,
  updateMembershipRole,
} from './tenants.repo.ts'
import { getTenant, type TenantsDeps } from './tenants.service.ts'
import type { Actor, Member } from './tenants.types.ts'

const MAX_MEMBERS = 5_000

export async function listTenantMembers(
  deps: TenantsDeps,
  actor: Actor,
  tenantId: string,
): Promise<Member[]> {
  const tenant = await getTenant(deps, actor, tenantId)
  return withTransaction(deps, (tx) => listMembers(tx.scope(tenant.id), MAX_MEMBERS))
}

export async function addMember(
  deps: TenantsDeps,
  actor: Actor,
  tenantId: string,
  input: { username: string; role: TenantRole },
): Promise<Member> {
  const tenant = await getTenant(deps, actor, tenantId)
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const user = await findUserByUsername(tx.global, input.username)
    if (!user) throw new ValidationError({ username: 'No user with this name.' })
    const scope = tx.scope(tenant.id)
    if (await findMemberByUserId(scope, user.id)) {
      throw new ValidationError({ username: 'This user is already a member of this tenant.' })
    }
    const id = newId<MembershipId>(now)
    await insertMembership(scope, { id, user_id: user.id, role: input.role, created_at: now })
    const target = { type: 'user', id: user.id, label: user.username }
    const details = { role: input.role }
    const fields = { tenantId: tenant.id, action: 'membership.add', target, details }
    await auditAdmin(tx.global, actor, fields, now)
    const member = await findMemberById(scope, id)
    if (!member) throw new Error('membership vanished inside its transaction')
    return member
  })
}

async function memberOrNotFound(
  scope: Parameters<typeof findMemberById>[0],
  membershipId: string,
): Promise<Member> {
  const member = isId(membershipId)
    ? await findMemberById(scope, membershipId as MembershipId)
    : undefined
  if (!member) throw new NotFoundError('Member not found.', { code: 'membership_not_found' })
  return member
}

export async function changeMemberRole(
  deps: TenantsDeps,
  actor: Actor,
  tenantId: string,
  membershipId: string,
  role: TenantRole,
): Promise<Member> {
  const tenant = await getTenant(deps, actor, tenantId)
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const scope = tx.scope(tenant.id)
    const member = await memberOrNotFound(scope, membershipId)
    if (member.role === role) return member
    await updateMembershipRole(scope, member.userId, role)
    const target = { type: 'user', id: member.userId, label: member.username }
    const details = { from: member.role, to: role }
    const fields = { tenantId: tenant.id, action: 'membership.role_change', target, details }
    await auditAdmin(tx.global, actor, fields, now)
    return { ...member, role }
  })
}

export async function removeMember(
  deps: TenantsDeps,
  actor: Actor,
  tenantId: string,
  membershipId: string,
): Promise<Member> {
  const tenant = await getTenant(deps, actor, tenantId)
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const scope = tx.scope(tenant.id)
    const member = await memberOrNotFound(scope, membershipId)
    await deleteMembership(scope, member.userId)
    const target = { type: 'user', id: member.userId, label: member.username }
    const details = { role: member.role }
    const fields = { tenantId: tenant.id, action: 'membership.remove', target, details }
    await auditAdmin(tx.global, actor, fields, now)
    return member
  })
}
