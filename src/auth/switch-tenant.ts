import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { TenantId, TokenFamilyId } from '../lib/ids.ts'
import { auditAuth } from './audit-auth.ts'
import { setFamilyTenant } from './auth.repo.ts'
import type { ClientMeta, SessionInfo } from './auth.types.ts'
import { accessFor } from './session-tokens.ts'

export type SwitchTenantResult =
  { ok: true; access: string; accessExpiresAt: number; tenantName: string } | { ok: false }

/**
 * Makes another tenant active for this browser's session. Allowed targets are the session's
 * memberships (every tenant for a super admin); anything else is "not found", never "forbidden".
 */
export async function switchTenant(
  deps: Deps,
  session: SessionInfo,
  tenantId: string,
  meta: ClientMeta,
): Promise<SwitchTenantResult> {
  const target = session.memberships.find((m) => m.tenantId === tenantId)
  if (!target || !session.familyId) return { ok: false }
  const familyId = session.familyId as TokenFamilyId
  const now = deps.clock.now()
  await withTransaction(deps, async (tx) => {
    await setFamilyTenant(tx.global, familyId, target.tenantId)
    await auditAuth(
      tx.global,
      {
        action: 'auth.tenant_switch',
        actor: { kind: 'user', id: session.userId, name: session.username },
        outcome: 'success',
        meta,
        tenantId: target.tenantId,
        target: { type: 'tenant', id: target.tenantId, label: target.tenantName },
        details: { from: session.activeTenantId },
      },
      now,
    )
  })
  const next = target.tenantId as TenantId
  const access = accessFor(deps.secrets.tokenKey, session.userId, familyId, next, now)
  return { ok: true, ...access, tenantName: target.tenantName }
}
