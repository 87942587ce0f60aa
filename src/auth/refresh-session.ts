// Transparent refresh: an expired access token plus a valid refresh token yields a new pair.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import { withTransaction } from '../db/with-transaction.ts'
import type { TenantId, TokenFamilyId, UserId } from '../lib/ids.ts'
import {
  findRefreshTokenByHash,
  findUserById,
  markRefreshTokenUsed,
  revokeFamily,
} from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { hashToken } from './refresh-token.ts'
import { issueTokens } from './session-tokens.ts'

/**
 * A page firing several requests at once after the access token expired sends the same refresh
 * token more than once. Within this window a second use is not treated as theft: it is
 * authenticated without rotating again (the first response carries the new cookies).
 */
export const REUSE_GRACE_MS = 10_000

interface RefreshedFamily {
  userId: UserId
  familyId: TokenFamilyId
  tenantId: TenantId | null
}

export type RefreshOutcome =
  | ({ kind: 'rotated'; tokens: SessionTokens } & RefreshedFamily)
  | ({ kind: 'grace' } & RefreshedFamily)
  | { kind: 'invalid' }
  | { kind: 'reused' }

export function refreshSession(deps: Deps, raw: string, meta: ClientMeta): Promise<RefreshOutcome> {
  const now = deps.clock.now()
  return withTransaction(deps, async (tx): Promise<RefreshOutcome> => {
    const row = await findRefreshTokenByHash(tx.global, hashToken(raw))
    if (!row || row.revoked_at !== null || row.expires_at <= now) return { kind: 'invalid' }
    const same = { userId: row.user_id, familyId: row.family_id, tenantId: row.active_tenant_id }
    if (row.used_at !== null || !(await markRefreshTokenUsed(tx.global, row.id, now))) {
      if (now - (row.used_at ?? now) <= REUSE_GRACE_MS) return { kind: 'grace', ...same }
      await revokeFamily(tx.global, row.family_id, now)
      const user = await findUserById(tx.global, row.user_id)
      await recordAudit(
        tx.global,
        {
          tenantId: null,
          actor: { kind: 'user', id: row.user_id, name: user?.username ?? row.user_id },
          ip: meta.ip,
          action: 'auth.refresh_reuse',
          target: { type: 'token_family', id: row.family_id, label: 'session' },
          outcome: 'failure',
          details: { reason: 'rotated refresh token presented again; family revoked' },
        },
        now,
      )
      return { kind: 'reused' }
    }
    const tokens = await issueTokens(tx.global, deps.secrets.tokenKey, { ...same, meta, now })
    return { kind: 'rotated', tokens, ...same }
  })
}
