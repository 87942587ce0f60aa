// The super admin's view of every account on the appliance, with each account's tenants.
import { ForbiddenError } from '../lib/errors.ts'
import { listMembershipsOfUsers, type Actor } from '../tenants/index.ts'
import { listAccounts } from './users.repo.ts'
import type { UsersDeps } from './users.service.ts'
import type { UserWithMemberships } from './users.types.ts'

const MAX_USERS = 10_000

export async function listAllUsers(deps: UsersDeps, actor: Actor): Promise<UserWithMemberships[]> {
  if (!actor.isSuperAdmin) throw new ForbiddenError()
  const accounts = await listAccounts(deps.db, MAX_USERS)
  const memberships = await listMembershipsOfUsers(
    deps.unscoped,
    accounts.map((a) => a.id),
  )
  const byUser = new Map<string, UserWithMemberships['memberships']>()
  for (const m of memberships) {
    const list = byUser.get(m.userId) ?? []
    list.push({ tenantId: m.tenantId, tenantName: m.tenantName, role: m.role })
    byUser.set(m.userId, list)
  }
  return accounts.map((a) => ({ ...a, memberships: byUser.get(a.id) ?? [] }))
}
