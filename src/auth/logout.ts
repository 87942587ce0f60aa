import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { TokenFamilyId } from '../lib/ids.ts'
import { auditAuth } from './audit-auth.ts'
import { revokeFamily } from './auth.repo.ts'
import type { ClientMeta, SessionInfo } from './auth.types.ts'

/** Sign-out revokes this browser's token family (other browsers stay signed in). */
export async function logout(deps: Deps, session: SessionInfo, meta: ClientMeta): Promise<void> {
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    if (session.familyId) await revokeFamily(tx.global, session.familyId as TokenFamilyId, now)
    await auditAuth(
      tx.global,
      {
        action: 'auth.logout',
        actor: { kind: 'user', id: session.userId, name: session.username },
        outcome: 'success',
        meta,
        tenantId: session.activeTenantId,
      },
      now,
    )
  })
}
