// Secrets of the edge link (issue 20): the one-time registration token an admin copies to the
// edge, and the long-lived credential the edge gets for it. Both carry ~256 random bits, so a
// fast hash is enough at rest (like API keys); only the hash is stored centrally.
import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../lib/crypto.ts'

/** Registration tokens start with this; credentials with `ope_`. */
export const EDGE_TOKEN_PREFIX = 'opr_'
export const EDGE_SECRET_PREFIX = 'ope_'

export function newEdgeSecret(
  prefix: typeof EDGE_TOKEN_PREFIX | typeof EDGE_SECRET_PREFIX,
): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

export function hashEdgeSecret(token: string): string {
  return sha256Hex(token)
}

/** True for the shape of an edge credential (a bearer that is not an API key). */
export function looksLikeEdgeSecret(token: string): boolean {
  return /^ope_[A-Za-z0-9_-]{43}$/.test(token)
}

export function looksLikeEdgeToken(token: string): boolean {
  return /^opr_[A-Za-z0-9_-]{43}$/.test(token)
}
