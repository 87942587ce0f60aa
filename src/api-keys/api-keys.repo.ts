// Queries on api_keys, always through the tenant's scope.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { ApiKeyRole, TenantRole } from '../db/schema.ts'
import type { ApiKeyId, UserId } from '../lib/ids.ts'
import type { ApiKeyView } from './api-keys.types.ts'
import { keyStanding } from './key-standing.ts'

/** The key plus its creator's account and membership in the key's tenant, as they are now. */
function viewQuery(scope: TenantScope) {
  return scope
    .selectFrom('api_keys')
    .leftJoin('users', 'users.id', 'api_keys.created_by_user_id')
    .leftJoin('memberships', (j) =>
      j
        .onRef('memberships.user_id', '=', 'api_keys.created_by_user_id')
        .onRef('memberships.tenant_id', '=', 'api_keys.tenant_id'),
    )
    .select([
      'api_keys.id as id',
      'api_keys.name as name',
      'api_keys.prefix as prefix',
      'api_keys.role as role',
      'api_keys.created_at as createdAt',
      'api_keys.created_by_user_id as createdById',
      'users.username as createdBy',
      'users.is_disabled as creatorDisabled',
      'users.is_super_admin as creatorSuperAdmin',
      'memberships.role as creatorRole',
      'api_keys.last_used_at as lastUsedAt',
      'api_keys.revoked_at as revokedAt',
    ])
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['executeTakeFirstOrThrow']>>

function toView(r: KeyRow): ApiKeyView {
  const { creatorDisabled, creatorSuperAdmin, creatorRole, ...rest } = r
  const standing = keyStanding(r.role, {
    exists: r.createdBy !== null,
    name: r.createdBy,
    isDisabled: creatorDisabled === 1,
    isSuperAdmin: creatorSuperAdmin === 1,
    memberRole: (creatorRole ?? null) as TenantRole | null,
  })
  return { ...rest, createdById: r.createdById as UserId | null, standing }
}

/** Newest first; revoked keys stay listed (greyed out) so their history is visible. */
export async function listApiKeys(scope: TenantScope, limit: number): Promise<ApiKeyView[]> {
  const rows = await viewQuery(scope)
    .orderBy('api_keys.created_at', 'desc')
    .orderBy('api_keys.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toView)
}

export async function findApiKey(
  scope: TenantScope,
  id: ApiKeyId,
): Promise<ApiKeyView | undefined> {
  const row = await viewQuery(scope).where('api_keys.id', '=', id).executeTakeFirst()
  return row ? toView(row) : undefined
}

export async function insertApiKey(
  scope: TenantScope,
  k: {
    id: ApiKeyId
    name: string
    prefix: string
    keyHash: string
    role: ApiKeyRole
    createdBy: UserId | null
    now: number
  },
): Promise<void> {
  await scope
    .insertInto('api_keys', {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      key_hash: k.keyHash,
      role: k.role,
      created_by_user_id: k.createdBy,
      created_at: k.now,
      last_used_at: null,
      revoked_at: null,
    })
    .execute()
}

export async function updateApiKeyRevoked(
  scope: TenantScope,
  id: ApiKeyId,
  now: number,
): Promise<void> {
  await scope
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute()
}
