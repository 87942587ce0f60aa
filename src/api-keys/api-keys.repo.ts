// Queries on api_keys, always through the tenant's scope.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { ApiKeyRole } from '../db/schema.ts'
import type { ApiKeyId, UserId } from '../lib/ids.ts'
import type { ApiKeyView } from './api-keys.types.ts'

function viewQuery(scope: TenantScope) {
  return scope
    .selectFrom('api_keys')
    .leftJoin('users', 'users.id', 'api_keys.created_by_user_id')
    .select([
      'api_keys.id as id',
      'api_keys.name as name',
      'api_keys.prefix as prefix',
      'api_keys.role as role',
      'api_keys.created_at as createdAt',
      'users.username as createdBy',
      'api_keys.last_used_at as lastUsedAt',
      'api_keys.revoked_at as revokedAt',
    ])
}

/** Newest first; revoked keys stay listed (greyed out) so their history is visible. */
export function listApiKeys(scope: TenantScope, limit: number): Promise<ApiKeyView[]> {
  return viewQuery(scope)
    .orderBy('api_keys.created_at', 'desc')
    .orderBy('api_keys.id', 'desc')
    .limit(limit)
    .execute()
}

export function findApiKey(scope: TenantScope, id: ApiKeyId): Promise<ApiKeyView | undefined> {
  return viewQuery(scope).where('api_keys.id', '=', id).executeTakeFirst()
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
