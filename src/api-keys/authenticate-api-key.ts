// Bearer-token authentication for /api/v1, called by the session middleware.
import type { Deps } from '../deps.ts'
import type { TenantRole } from '../db/schema.ts'
import type { ApiKeyId, TenantId } from '../lib/ids.ts'
import { MINUTE } from '../lib/time.ts'
import { hashApiKey, looksLikeApiKey } from './api-key-token.ts'
import type { ApiKeyPrincipal } from './api-keys.types.ts'
import { keyStanding } from './key-standing.ts'

/** last_used_at is a hint for the admin, not a log: one write a minute per key is plenty. */
const LAST_USED_RESOLUTION = MINUTE

/**
 * The key's tenant, role and id for a valid, unrevoked key of an enabled tenant whose creator
 * still may act there; otherwise undefined. The role is the lower of the key's and the
 * creator's current one (key-standing.ts), read on every request so a demotion, a disabled
 * account or a removal from the tenant takes effect at once. The token does not name its tenant, so the lookup by hash is the one reviewed
 * cross-tenant read of this domain (deps.unscoped); the hash is UNIQUE, so it finds one row.
 * @example const key = await authenticateApiKey(deps, bearer); if (!key) return unauthorized()
 */
export async function authenticateApiKey(
  deps: Pick<Deps, 'unscoped' | 'clock'>,
  bearerToken: string,
): Promise<ApiKeyPrincipal | undefined> {
  if (!looksLikeApiKey(bearerToken)) return undefined
  const row = await deps.unscoped
    .selectFrom('api_keys')
    .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
    .leftJoin('users', 'users.id', 'api_keys.created_by_user_id')
    .leftJoin('memberships', (j) =>
      j
        .onRef('memberships.user_id', '=', 'api_keys.created_by_user_id')
        .onRef('memberships.tenant_id', '=', 'api_keys.tenant_id'),
    )
    .select([
      'api_keys.id as id',
      'api_keys.tenant_id as tenantId',
      'api_keys.role as role',
      'api_keys.name as name',
      'api_keys.prefix as prefix',
      'api_keys.last_used_at as lastUsedAt',
      'tenants.name as tenantName',
      'users.username as creatorName',
      'users.is_disabled as creatorDisabled',
      'users.is_super_admin as creatorSuperAdmin',
      'memberships.role as creatorRole',
    ])
    .where('api_keys.key_hash', '=', hashApiKey(bearerToken))
    .where('api_keys.revoked_at', 'is', null)
    .where('tenants.is_disabled', '=', 0)
    .executeTakeFirst()
  if (!row) return undefined
  const standing = keyStanding(row.role, {
    exists: row.creatorName !== null,
    name: row.creatorName,
    isDisabled: row.creatorDisabled === 1,
    isSuperAdmin: row.creatorSuperAdmin === 1,
    memberRole: (row.creatorRole ?? null) as TenantRole | null,
  })
  if (standing.effectiveRole === null) return undefined
  const now = deps.clock.now()
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION) {
    await deps.unscoped
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where('tenant_id', '=', row.tenantId)
      .execute()
  }
  return {
    id: row.id as ApiKeyId,
    tenantId: row.tenantId as TenantId,
    role: standing.effectiveRole,
    name: row.name,
    prefix: row.prefix,
    tenantName: row.tenantName,
  }
}
