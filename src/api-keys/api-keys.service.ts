// API keys: created by a tenant admin for that tenant (role at most operator), shown once,
// stored as a SHA-256 hash, revocable, re-issuable under another admin's name. A key is bound
// to its creator's membership (key-standing.ts). Every change is audited in its transaction.
import type { Deps } from '../deps.ts'
import type { ApiKeyRole } from '../db/schema.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../lib/errors.ts'
import { isId, newId, type ApiKeyId } from '../lib/ids.ts'
import { auditAdmin, type Actor } from '../tenants/index.ts'
import { generateApiKey } from './api-key-token.ts'
import {
  findApiKey,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  updateApiKeyRevoked,
} from './api-keys.repo.ts'
import type { ApiKeyView, CreatedApiKey } from './api-keys.types.ts'

export type ApiKeysDeps = Pick<Deps, 'kysely' | 'clock'>

const MAX_KEYS = 1_000

export function listApiKeys(deps: ApiKeysDeps, scope: TenantScope): Promise<ApiKeyView[]> {
  return withTransaction(deps, (tx) => listApiKeyRows(tx.scope(scope.tenantId), MAX_KEYS))
}

/** An API key acting for itself could otherwise mint keys that outlive its revocation. */
function assertUser(actor: Actor): void {
  if (actor.kind !== 'user') {
    throw new ForbiddenError('API keys are managed by signed-in admins only.')
  }
}

export async function createApiKey(
  deps: ApiKeysDeps,
  actor: Actor,
  scope: TenantScope,
  input: { name: string; role: ApiKeyRole },
): Promise<CreatedApiKey> {
  assertUser(actor)
  const generated = generateApiKey()
  const now = deps.clock.now()
  const id = newId<ApiKeyId>(now)
  const key = await withTransaction(deps, async (tx) => {
    const own = tx.scope(scope.tenantId)
    await insertApiKey(own, {
      id,
      name: input.name,
      prefix: generated.prefix,
      keyHash: generated.hash,
      role: input.role,
      createdBy: actor.userId ?? null,
      now,
    })
    const target = { type: 'api_key', id, label: `${input.name} (${generated.prefix}…)` }
    const details = { role: input.role }
    const fields = { tenantId: scope.tenantId, action: 'api_key.create', target, details }
    await auditAdmin(tx.global, actor, fields, now)
    const view = await findApiKey(own, id)
    if (!view) throw new Error('api key vanished inside its transaction')
    return view
  })
  return { key, token: generated.token }
}

export function revokeApiKey(
  deps: ApiKeysDeps,
  actor: Actor,
  scope: TenantScope,
  apiKeyId: string,
): Promise<ApiKeyView> {
  assertUser(actor)
  const now = deps.clock.now()
  return withTransaction(deps, async (tx) => {
    const own = tx.scope(scope.tenantId)
    const key = isId(apiKeyId) ? await findApiKey(own, apiKeyId as ApiKeyId) : undefined
    if (!key) throw new NotFoundError('API key not found.', { code: 'api_key_not_found' })
    if (key.revokedAt !== null) return key
    await updateApiKeyRevoked(own, key.id, now)
    const target = { type: 'api_key', id: key.id, label: `${key.name} (${key.prefix}…)` }
    const fields = { tenantId: scope.tenantId, action: 'api_key.revoke', target }
    await auditAdmin(tx.global, actor, fields, now)
    return { ...key, revokedAt: now }
  })
}

/**
 * Replaces a key by a new one with the same name and role, created by (and so bound to) the
 * acting admin: the way to keep a script running when the key's creator was demoted, disabled
 * or left the tenant. The old key is revoked in the same transaction; the new token is shown once.
 */
export async function reissueApiKey(
  deps: ApiKeysDeps,
  actor: Actor,
  scope: TenantScope,
  apiKeyId: string,
): Promise<CreatedApiKey> {
  assertUser(actor)
  const generated = generateApiKey()
  const now = deps.clock.now()
  const id = newId<ApiKeyId>(now)
  const key = await withTransaction(deps, async (tx) => {
    const own = tx.scope(scope.tenantId)
    const old = isId(apiKeyId) ? await findApiKey(own, apiKeyId as ApiKeyId) : undefined
    if (!old) throw new NotFoundError('API key not found.', { code: 'api_key_not_found' })
    if (old.revokedAt !== null) {
      throw new ConflictError('This key is revoked; create a new one instead.', {
        code: 'api_key_revoked',
      })
    }
    await updateApiKeyRevoked(own, old.id, now)
    const row = { id, name: old.name, prefix: generated.prefix, keyHash: generated.hash }
    await insertApiKey(own, { ...row, role: old.role, createdBy: actor.userId ?? null, now })
    const target = { type: 'api_key', id, label: `${old.name} (${generated.prefix}…)` }
    const details = {
      role: old.role,
      replaces: old.id,
      replacesPrefix: old.prefix,
      previousCreator: old.createdBy,
    }
    const fields = { tenantId: scope.tenantId, action: 'api_key.reissue', target, details }
    await auditAdmin(tx.global, actor, fields, now)
    const view = await findApiKey(own, id)
    if (!view) throw new Error('api key vanished inside its transaction')
    return view
  })
  return { key, token: generated.token }
}
