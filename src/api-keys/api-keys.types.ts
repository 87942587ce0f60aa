// Row and view-model types of the API keys domain (what views may import).
import type { ApiKeyRole } from '../db/schema.ts'
import type { ApiKeyId, TenantId } from '../lib/ids.ts'

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
