// Row and view-model types of the tenants domain (what views may import).
import type { Selectable } from 'kysely'
import type { TenantRole, TenantsTable } from '../db/schema.ts'
import type { MembershipId, TenantId, UserId } from '../lib/ids.ts'

export type { TenantRole } from '../db/schema.ts'
export type Tenant = Selectable<TenantsTable>

/** One line of the tenant list. */
export interface TenantSummary {
  id: TenantId
  name: string
  createdAt: number
  isDisabled: boolean
  memberCount: number
}

/** A user's membership in one tenant, joined with the user's account. */
export interface Member {
  membershipId: MembershipId
  userId: UserId
  username: string
  displayName: string | null
  role: TenantRole
  isDisabled: boolean
  isSuperAdmin: boolean
  mustChangePassword: boolean
  createdAt: number
}

export type { Actor } from '../lib/actor.ts'
