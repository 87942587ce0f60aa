// Builds the request's SessionInfo from the user row and their memberships.
import type { Deps } from '../deps.ts'
import type { TenantId, TokenFamilyId, UserId } from '../lib/ids.ts'
import { findUserById } from './auth.repo.ts'
import { hasAnySecondFactor } from './passkey.service.ts'
import { secondFactorRequired } from './second-factor.service.ts'
import type { Membership, SessionInfo } from './auth.types.ts'

/** Tenants the user may act in, by name. A super admin may enter every tenant, as admin. */
export async function listMemberships(
  deps: Deps,
  userId: UserId,
  isSuperAdmin: boolean,
): Promise<Membership[]> {
  if (isSuperAdmin) {
    const tenants = await deps.db
      .selectFrom('tenants')
      .select(['id', 'name'])
      .orderBy('name')
      .execute()
    return tenants.map((t) => ({ tenantId: t.id, tenantName: t.name, role: 'admin' as const }))
  }
  // memberships is a tenant table; reading one user's rows across tenants is the reviewed
  // cross-tenant read that db/unscoped exists for.
  const rows = await deps.unscoped
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select([
      'memberships.tenant_id as tenantId',
      'tenants.name as tenantName',
      'memberships.role as role',
    ])
    .where('memberships.user_id', '=', userId)
    .where('tenants.is_disabled', '=', 0)
    .orderBy('tenants.name')
    .execute()
  return rows
}

export interface LoadSessionInput {
  userId: UserId
  familyId: TokenFamilyId
  /** The tenant the session last chose; ignored when no longer allowed. */
  tenantHint: TenantId | null
}

/** undefined when the user is gone or disabled: the cookies then count for nothing. */
export async function loadSession(
  deps: Deps,
  input: LoadSessionInput,
): Promise<SessionInfo | undefined> {
  const user = await findUserById(deps.db, input.userId)
  if (!user || user.is_disabled === 1) return undefined
  const isSuperAdmin = user.is_super_admin === 1
  const memberships = await listMemberships(deps, user.id, isSuperAdmin)
  const active = memberships.find((m) => m.tenantId === input.tenantHint) ?? memberships[0]
  const mustEnrolSecondFactor =
    !(await hasAnySecondFactor(deps, user.id)) &&
    (await secondFactorRequired(
      deps,
      memberships.map((m) => m.tenantId),
    ))
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    timeZone: user.time_zone,
    isSuperAdmin,
    mustChangePassword: user.must_change_password === 1,
    mustEnrolSecondFactor,
    via: 'cookie',
    familyId: input.familyId,
    activeTenantId: active?.tenantId ?? null,
    role: active?.role ?? null,
    memberships,
  }
}
