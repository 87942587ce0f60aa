// Issuing a token pair: one new refresh row (hashed) and a signed access token for it.
import type { GlobalDb } from '../db/global-db.ts'
import type { RefreshTokenId, TenantId, TokenFamilyId, UserId } from '../lib/ids.ts'
import { newId } from '../lib/ids.ts'
import { ACCESS_TOKEN_TTL_MS, signAccessToken } from './access-token.ts'
import { insertRefreshToken } from './auth.repo.ts'
import type { ClientMeta, SessionTokens } from './auth.types.ts'
import { newRefreshToken, REFRESH_TOKEN_TTL_MS } from './refresh-token.ts'

export interface IssueInput {
  userId: UserId
  familyId: TokenFamilyId
  tenantId: TenantId | null
  meta: ClientMeta
  now: number
}

export async function issueTokens(
  db: GlobalDb,
  key: Buffer,
  input: IssueInput,
): Promise<SessionTokens> {
  const refresh = newRefreshToken()
  const refreshExpiresAt = input.now + REFRESH_TOKEN_TTL_MS
  await insertRefreshToken(db, {
    id: newId<RefreshTokenId>(input.now),
    userId: input.userId,
    familyId: input.familyId,
    tokenHash: refresh.hash,
    activeTenantId: input.tenantId,
    createdAt: input.now,
    expiresAt: refreshExpiresAt,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
  })
  return {
    ...accessFor(key, input.userId, input.familyId, input.tenantId, input.now),
    refresh: refresh.raw,
    refreshExpiresAt,
  }
}

export function accessFor(
  key: Buffer,
  userId: UserId,
  familyId: TokenFamilyId,
  tenantId: TenantId | null,
  now: number,
): { access: string; accessExpiresAt: number } {
  const accessExpiresAt = now + ACCESS_TOKEN_TTL_MS
  const access = signAccessToken(key, { userId, familyId, tenantId, expiresAt: accessExpiresAt })
  return { access, accessExpiresAt }
}
