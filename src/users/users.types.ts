// Row and view-model types of the users domain (what views may import).
import type { TenantRole } from '../db/schema.ts'
import type { TenantId, UserId } from '../lib/ids.ts'
import type { Member } from '../tenants/index.ts'

export type { Member } from '../tenants/index.ts'

/** A user account without its password hash (nothing that leaves the service carries one). */
export interface UserAccount {
  id: UserId
  username: string
  displayName: string | null
  isSuperAdmin: boolean
  isDisabled: boolean
  mustChangePassword: boolean
  createdAt: number
}

/** A row of the super admin's all-users list. */
export interface UserWithMemberships extends UserAccount {
  memberships: { tenantId: TenantId; tenantName: string; role: TenantRole }[]
}

/** The answer to creating a user or resetting a password: the password is shown once. */
export interface TemporaryPasswordResult {
  member: Member
  temporaryPassword: string
}

/** One member for the user page: what the acting admin may do with them. */
export interface TenantUserDetail {
  member: Member
  /** the acting user's own account: role, status and removal are refused */
  isSelf: boolean
  /** why disable/enable/reset password are refused, or null when allowed */
  accountRefusal: string | null
}
