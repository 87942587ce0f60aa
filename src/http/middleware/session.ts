import type { Context, MiddlewareHandler } from 'hono'
import {
  isFamilyLive,
  loadSession,
  refreshSession,
  verifyAccessToken,
  type SessionInfo,
} from '../../auth/index.ts'
import type { Deps } from '../../deps.ts'
import type { TenantId, TokenFamilyId, UserId } from '../../lib/ids.ts'
import { clientIp, userAgent } from '../client-ip.ts'
import type { AppEnv } from '../env.ts'
import { clearSessionCookies, readSessionCookies, setSessionCookies } from '../session-cookies.ts'
import { isApiPath } from './require-role.ts'

export type ApiKeyAuthenticator = (deps: Deps, token: string) => Promise<SessionInfo | undefined>

export interface SessionOptions {
  /** Resolves `Authorization: Bearer opk_…` on /api paths (src/api-keys authenticateApiKey). */
  authenticateApiKey?: ApiKeyAuthenticator
}

function bearer(c: Context): string | undefined {
  const h = c.req.header('Authorization')
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined
}

/** A valid access token of a live family, or a transparent refresh; else no session. */
async function fromCookies(c: Context<AppEnv>): Promise<SessionInfo | undefined> {
  const deps = c.var.deps
  const now = deps.clock.now()
  const cookies = readSessionCookies(c)
  if (cookies.access) {
    const check = verifyAccessToken(deps.secrets.tokenKey, cookies.access, now)
    if (check.valid) {
      const { userId, familyId, tenantId } = check.claims
      // A revoked family (logout, password change, token theft) ends its access tokens at once.
      if (await isFamilyLive(deps.db, familyId as TokenFamilyId, now)) {
        return loadSession(deps, {
          userId: userId as UserId,
          familyId: familyId as TokenFamilyId,
          tenantHint: tenantId as TenantId | null,
        })
      }
      return undefined
    }
  }
  if (!cookies.refresh) return undefined
  const meta = { ip: clientIp(c), userAgent: userAgent(c) }
  const outcome = await refreshSession(deps, cookies.refresh, meta)
  if (outcome.kind === 'invalid' || outcome.kind === 'reused') return undefined
  if (outcome.kind === 'rotated') setSessionCookies(c, outcome.tokens, now)
  return loadSession(deps, { ...outcome, tenantHint: outcome.tenantId })
}

/**
 * Whether a cookie session that was authorised for `tenantId` with `role` still is: its token
 * family is live (no logout, password change or reuse since), the account is enabled, and it
 * still has that role in the tenant. Long-lived responses (the /live stream) call it again and
 * again, since the session middleware ran only once, when they opened.
 */
export async function sessionStillHolds(
  deps: Deps,
  s: SessionInfo,
  tenantId: TenantId,
): Promise<boolean> {
  if (s.via !== 'cookie' || !s.familyId) return false
  const familyId = s.familyId as TokenFamilyId
  if (!(await isFamilyLive(deps.db, familyId, deps.clock.now()))) return false
  const now = await loadSession(deps, { userId: s.userId, familyId, tenantHint: tenantId })
  const membership = now?.memberships.find((m) => m.tenantId === tenantId)
  return membership !== undefined && membership.role === s.role
}

/**
 * Resolves c.var.session once per request. Cookies that no longer authenticate are cleared so
 * the browser stops sending them. API keys count only on /api paths: a stolen key must not
 * open the browser UI.
 */
export function session(options: SessionOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let s: SessionInfo | undefined
    const token = bearer(c)
    if (token !== undefined && isApiPath(c.req.path)) {
      const authenticate = options.authenticateApiKey
      s = authenticate ? await authenticate(c.var.deps, token) : undefined
    } else {
      const hadCookies = readSessionCookies(c)
      s = await fromCookies(c)
      if (!s && (hadCookies.access || hadCookies.refresh)) clearSessionCookies(c)
    }
    c.set('session', s)
    c.set('scope', undefined)
    if (s) c.set('log', c.var.log.child({ userId: s.userId, tenantId: s.activeTenantId }))
    await next()
  }
}
