// Row and view-model types of the API keys domain (what views may import).
import type { ApiKeyRole } from '../db/schema.ts'
import type { ApiKeyId, TenantId, UserId } from '../lib/ids.ts'

export type { ApiKeyRole } from '../db/schema.ts'

/** An API key as listed: never the secret, never its hash. */
export interface ApiKeyView {
  id: ApiKeyId
  name: string
  /** visible start of the key, e.g. `opk_3F9Aab` */
  prefix: string
  role: ApiKeyRole
  createdAt: number
  createdBy: string | null
  lastUsedAt: number | null
  revokedAt: number | null
  /** the creator's account id (null once deleted): the key is bound to its membership */
  createdById: UserId | null
  /** what the key may do now, given its creator's current account and role */
  standing: KeyStanding
}

/**
 * A key acts with the lower of its own role and its creator's current role in the tenant, and
 * stops when the creator is disabled, deleted or removed from the tenant.
 */
export interface KeyStanding {
  state: 'active' | 'limited' | 'stopped'
  /** the role requests with this key get; null when stopped */
  effectiveRole: ApiKeyRole | null
  /** why the key is limited or stopped, for the API keys page */
  reason: string | null
}

/** The answer to creating a key: `token` is shown once and never stored. */
export interface CreatedApiKey {
  key: ApiKeyView
  token: string
}

/** Who a valid bearer token acts as (for the session middleware). */
export interface ApiKeyPrincipal {
  id: ApiKeyId
  tenantId: TenantId
  role: ApiKeyRole
  name: string
  prefix: string
  tenantName: string
}
