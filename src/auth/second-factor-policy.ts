// Who must have a second factor: a tenant admin switches it on for their tenant, a super admin
// for the whole appliance. Members without one are sent to enrol after sign-in. Audited.
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { TenantId, UserId } from '../lib/ids.ts'
import { auditAuth } from './audit-auth.ts'
import type { ClientMeta } from './auth.types.ts'
import type { SecondFactorPolicy } from './second-factor.types.ts'
import {
  applianceRequiresSecondFactor,
  setApplianceRequirement,
  setTenantRequirement,
  tenantsRequiringSecondFactor,
} from './second-factor.repo.ts'

export interface PolicyActor {
  userId: UserId
  username: string
  meta: ClientMeta
}

export async function secondFactorPolicy(
  deps: Deps,
  tenantId: TenantId | null,
): Promise<SecondFactorPolicy> {
  const appliance = await applianceRequiresSecondFactor(deps.db)
  const tenant =
    tenantId === null ? null : (await tenantsRequiringSecondFactor(deps.db, [tenantId])).length > 0
  return { appliance, tenant }
}

/** The caller must be admin of the tenant (the route's requireTenantRole('admin')). */
export async function setTenantSecondFactorPolicy(
  deps: Deps,
  a: PolicyActor,
  tenantId: TenantId,
  required: boolean,
): Promise<void> {
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await setTenantRequirement(tx.global, tenantId, required)
    const actor = { kind: 'user' as const, id: a.userId, name: a.username }
    const target = { type: 'tenant', id: tenantId, label: tenantId }
    await auditAuth(
      tx.global,
      {
        action: 'auth.second_factor_policy',
        actor,
        outcome: 'success',
        meta: a.meta,
        tenantId,
        target,
        details: { scope: 'tenant', required },
      },
      now,
    )
  })
}

/** The caller must be a super admin (the route's requireSuperAdmin()). */
export async function setApplianceSecondFactorPolicy(
  deps: Deps,
  a: PolicyActor,
  required: boolean,
): Promise<void> {
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await setApplianceRequirement(tx.global, required, now)
    const actor = { kind: 'user' as const, id: a.userId, name: a.username }
    await auditAuth(
      tx.global,
      {
        action: 'auth.second_factor_policy',
        actor,
        outcome: 'success',
        meta: a.meta,
        details: { scope: 'appliance', required },
      },
      now,
    )
  })
}
