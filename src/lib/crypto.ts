// Small, domain-free crypto helpers. Secret comparisons are constant-time.
import { createHash, randomBytes, timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto'

/**
 * Lower-case hex SHA-256 of a string or bytes.
 * @example sha256Hex('abc') // 'ba7816bf…'
 */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex')
}

/** `bytes` random bytes as base64url (no padding): for tokens, keys and one-time passwords. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/**
 * Constant-time string equality. Different lengths return false (the length is not secret for
 * fixed-size digests, which is what this is used on).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  if (x.length !== y.length) return false
  return nodeTimingSafeEqual(x, y)
}
