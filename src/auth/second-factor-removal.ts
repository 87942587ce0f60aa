// Removing a user's second factor from outside their session: the recovery console's answer to
// a lost phone without recovery codes. The caller audits (it knows who acted and how).
import type { GlobalDb } from '../db/global-db.ts'
import type { UserId } from '../lib/ids.ts'
import { deleteSecondFactor } from './second-factor.repo.ts'

/** true when the user had a second factor (confirmed or still being set up). */
export function removeUserSecondFactor(db: GlobalDb, userId: UserId): Promise<boolean> {
  return deleteSecondFactor(db, userId)
}
