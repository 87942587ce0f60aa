// The rule that binds an API key to its creator's membership: a key never does more than the
// person who made it may do today. Pure, so the list page and bearer authentication agree.
import type { ApiKeyRole, TenantRole } from '../db/schema.ts'
import type { KeyStanding } from './api-keys.types.ts'

/** What is known about the key's creator now (undefined fields: the account is gone). */
export interface CreatorNow {
  /** false when the account was deleted (created_by_user_id was set to NULL) */
  exists: boolean
  name: string | null
  isDisabled: boolean
  isSuperAdmin: boolean
  /** role in the key's tenant, null when not (or no longer) a member */
  memberRole: TenantRole | null
}

const RANK: Record<TenantRole, number> = { viewer: 0, operator: 1, admin: 2 }

/**
 * active: the key acts with its own role; limited: with the creator's lower role; stopped: not
 * at all (creator deleted, disabled or no longer in the tenant). A super admin counts as admin
 * in every tenant, as on the web.
 */
export function keyStanding(keyRole: ApiKeyRole, creator: CreatorNow): KeyStanding {
  const who = creator.name ?? 'its creator'
  if (!creator.exists) {
    return { state: 'stopped', effectiveRole: null, reason: 'Its creator’s account was deleted.' }
  }
  if (creator.isDisabled) {
    return { state: 'stopped', effectiveRole: null, reason: `${who} is disabled.` }
  }
  const creatorRole: TenantRole | null = creator.isSuperAdmin ? 'admin' : creator.memberRole
  if (creatorRole === null) {
    return {
      state: 'stopped',
      effectiveRole: null,
      reason: `${who} no longer belongs to this tenant.`,
    }
  }
  if (RANK[creatorRole] < RANK[keyRole]) {
    const reason = `${who} is now ${creatorRole}, so the key acts as ${creatorRole}.`
    return { state: 'limited', effectiveRole: creatorRole as ApiKeyRole, reason }
  }
  return { state: 'active', effectiveRole: keyRole, reason: null }
}
