// Removing a user's second factors from outside their session: the recovery console's answer to
// a lost phone or lost passkeys without recovery codes. The caller audits (it knows who acted).
import type { GlobalDb } from '../db/global-db.ts'
import type { UserId } from '../lib/ids.ts'
import { deleteAllPasskeys } from './passkey.repo.ts'
import { deleteSecondFactor } from './second-factor.repo.ts'

/** true when the user had a second factor (an authenticator app, set up or not, or passkeys). */
export async function removeUserSecondFactor(db: GlobalDb, userId: UserId): Promise<boolean> {
  const passkeys = await deleteAllPasskeys(db, userId)
  return (await deleteSecondFactor(db, userId)) || passkeys > 0
}
