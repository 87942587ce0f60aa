import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a signed access token carries. Times are epoch ms. */
export interface AccessClaims {
  userId: string
  familyId: string
  tenantId: string | null
  expiresAt: number
}

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000

const VERSION = 'v1'

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(`${VERSION}.${body}`).digest('base64url')
}

/** `v1.<base64url JSON>.<HMAC-SHA256>`: short, self-contained, bound to the token key. */
export function signAccessToken(key: Buffer, claims: AccessClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      u: claims.userId,
      f: claims.familyId,
      t: claims.tenantId,
      e: claims.expiresAt,
    }),
  ).toString('base64url')
  return `${VERSION}.${body}.${sign(key, body)}`
}

export type AccessCheck =
  | { valid: true; claims: AccessClaims }
  | { valid: false; reason: 'malformed' | 'bad_signature' | 'expired' }

export function verifyAccessToken(key: Buffer, token: string, now: number): AccessCheck {
  const [version, body, mac] = token.split('.')
  if (version !== VERSION || !body || !mac || token.split('.').length !== 3) {
    return { valid: false, reason: 'malformed' }
  }
  const expected = Buffer.from(sign(key, body))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { valid: false, reason: 'bad_signature' }
  }
  const claims = parseBody(body)
  if (!claims) return { valid: false, reason: 'malformed' }
  if (claims.expiresAt <= now) return { valid: false, reason: 'expired' }
  return { valid: true, claims }
}

function parseBody(body: string): AccessClaims | undefined {
  try {
    const o = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
    if (typeof o.u !== 'string' || typeof o.f !== 'string') return undefined
    if (typeof o.e !== 'number') return undefined
    const tenantId = typeof o.t === 'string' ? o.t : null
    return { userId: o.u, familyId: o.f, tenantId, expiresAt: o.e }
  } catch {
    return undefined
  }
}
