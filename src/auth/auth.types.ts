// Types that views may import (ARCHITECTURE.md: views import types only, from *.types.ts).
import type { TenantId, UserId } from '../lib/ids.ts'

/** A role inside one tenant. `super_admin` is global and lives in `SessionInfo.isSuperAdmin`. */
export type TenantRole = 'admin' | 'operator' | 'viewer'

export interface Membership {
  tenantId: TenantId
  tenantName: string
  role: TenantRole
}

/** Who is making the request, resolved once per request by http/middleware/session.ts. */
export interface SessionInfo {
  userId: UserId
  username: string
  displayName: string | null
  /** the user's time zone for charts and exact times (issue 15); API keys use UTC */
  timeZone?: string
  isSuperAdmin: boolean
  mustChangePassword: boolean
  /** the tenant or the appliance requires a second factor and the user has none yet (issue 17) */
  mustEnrolSecondFactor?: boolean
  via: 'cookie' | 'api_key'
  apiKeyId?: string
  /** Token family of a cookie session (logout, tenant switch and the CSRF token are bound to it). */
  familyId?: string
  activeTenantId: TenantId | null
  /** Role in the active tenant; a super admin acts as admin in every tenant. */
  role: TenantRole | null
  /** Tenants this user may switch to (every tenant for a super admin), sorted by name. */
  memberships: Membership[]
}

export interface Flash {
  kind: 'success' | 'error' | 'info'
  message: string
}

export type Theme = 'auto' | 'light' | 'dark'

/** Where a request came from, for refresh-token rows and audit entries. */
export interface ClientMeta {
  ip: string | null
  userAgent: string | null
}

/** A freshly issued token pair (raw values: they only ever exist in cookies). */
export interface SessionTokens {
  access: string
  accessExpiresAt: number
  refresh: string
  refreshExpiresAt: number
}
