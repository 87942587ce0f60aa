// A tenant admin asks for an existing account to be added to their tenant. User names are global,
// and a tenant admin must not learn which names exist in other tenants: the request is recorded
// (audited, for the super admins who share accounts across tenants) and answered the same way
// whether or not the name exists. It never looks the name up, so not even timing differs.
import type { TenantRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ForbiddenError } from '../lib/errors.ts'
import { auditAdmin, type Actor } from '../tenants/index.ts'
import type { UsersDeps } from './users.service.ts'

export const ACCOUNT_REQUEST_ACTION = 'user.account_request'

/** The one answer to every request, whatever the name. */
export function accountRequestMessage(username: string, tenantName: string, role: TenantRole) {
  return (
    `Request recorded. If an account named “${username}” exists, a super admin can add it to ` +
    `${tenantName} as ${role}. A new person needs a new account (the form above).`
  )
}

export async function requestExistingAccount(
  deps: UsersDeps,
  actor: Actor,
  scope: TenantScope,
  input: { username: string; role: TenantRole },
): Promise<void> {
  if (actor.kind !== 'user') throw new ForbiddenError('Only signed-in admins ask for accounts.')
  const now = deps.clock.now()
  const target = { type: 'user', id: null, label: input.username }
  const fields = {
    tenantId: scope.tenantId,
    action: ACCOUNT_REQUEST_ACTION,
    target,
    details: { role: input.role },
  }
  await withTransaction(deps, (tx) => auditAdmin(tx.global, actor, fields, now))
}
