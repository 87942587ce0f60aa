// The user's own e-mail address (issue 19): where password reset links go. Audited; the audit
// entry records that it changed, not the address itself.
import { z } from 'zod'
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import { ValidationError } from '../lib/errors.ts'
import type { UserId } from '../lib/ids.ts'
import { auditAuth } from './audit-auth.ts'
import { findUserById } from './auth.repo.ts'
import type { ClientMeta } from './auth.types.ts'

const emailSchema = z.union([
  z.literal(''),
  z.string().trim().max(254).email('Enter an e-mail address like name@example.net.'),
])

/** The stored address, or null. */
export async function ownEmail(deps: Pick<Deps, 'db'>, userId: UserId): Promise<string | null> {
  return (await findUserById(deps.db, userId))?.email ?? null
}

/**
 * Sets (or with '' removes) the user's address; ValidationError for a malformed one.
 * @example await setOwnEmail(deps, session.userId, 'ops@example.net', meta)
 */
export async function setOwnEmail(
  deps: Deps,
  userId: UserId,
  raw: string,
  meta: ClientMeta,
): Promise<string | null> {
  const r = emailSchema.safeParse(raw.trim())
  if (!r.success) throw new ValidationError({ email: r.error.issues[0]?.message ?? 'Invalid.' })
  const email = r.data === '' ? null : r.data
  const user = await findUserById(deps.db, userId)
  if (user === undefined) throw new ValidationError({ email: 'Your account no longer exists.' })
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await tx.global
      .updateTable('users')
      .set({ email, updated_at: now })
      .where('id', '=', userId)
      .execute()
    await auditAuth(
      tx.global,
      {
        action: 'auth.email_change',
        actor: { kind: 'user', id: user.id, name: user.username },
        outcome: 'success',
        meta,
        details: { hasEmail: email !== null },
      },
      now,
    )
  })
  return email
}
