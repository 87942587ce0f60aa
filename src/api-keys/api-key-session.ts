// Adapts an API key to the SessionInfo the HTTP stack works with (session middleware option).
import type { SessionInfo } from '../auth/index.ts'
import type { Deps } from '../deps.ts'
import type { UserId } from '../lib/ids.ts'
import { authenticateApiKey } from './authenticate-api-key.ts'

/**
 * The session of a bearer API key: one tenant, the key's role, never a super admin. An API key is
 * not a user: `userId` carries the key's id (so logs name the key), `via` says which it is, and
 * code that needs a real user must check `via === 'cookie'`.
 */
export async function apiKeySession(deps: Deps, token: string): Promise<SessionInfo | undefined> {
  const key = await authenticateApiKey(deps, token)
  if (!key) return undefined
  return {
    userId: key.id as string as UserId,
    username: `api-key:${key.name}`,
    displayName: key.name,
    isSuperAdmin: false,
    mustChangePassword: false,
    via: 'api_key',
    apiKeyId: key.id,
    activeTenantId: key.tenantId,
    role: key.role,
    memberships: [{ tenantId: key.tenantId, tenantName: key.tenantName, role: key.role }],
  }
}
