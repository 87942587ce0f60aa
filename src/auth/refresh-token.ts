import { randomToken, sha256Hex } from '../lib/crypto.ts'

export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60_000

/** Only the SHA-256 of a refresh token is stored, so a database leak yields no usable token. */
export function hashToken(raw: string): string {
  return sha256Hex(raw)
}

export function newRefreshToken(): { raw: string; hash: string } {
  const raw = randomToken(32)
  return { raw, hash: hashToken(raw) }
}
