// Branded identifiers: a DeviceId cannot be passed where a TenantId is expected, although both
// are plain strings at run time.
import { randomBytes } from 'node:crypto'

declare const brand: unique symbol
/** A string tagged with a compile-time-only brand. */
export type Brand<T, B extends string> = T & { readonly [brand]: B }

export type TenantId = Brand<string, 'TenantId'>
export type UserId = Brand<string, 'UserId'>
export type MembershipId = Brand<string, 'MembershipId'>
export type ApiKeyId = Brand<string, 'ApiKeyId'>
export type RefreshTokenId = Brand<string, 'RefreshTokenId'>
export type TokenFamilyId = Brand<string, 'TokenFamilyId'>

// Crockford base32 (no I, L, O, U): ULID alphabet, so ids sort by creation time as text.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const TIME_CHARS = 10
const RANDOM_CHARS = 16
export const ID_LENGTH = TIME_CHARS + RANDOM_CHARS
const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/

function encodeTime(ms: number): string {
  let out = ''
  let rest = Math.floor(ms)
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[rest % 32] + out
    rest = Math.floor(rest / 32)
  }
  return out
}

function encodeRandom(): string {
  // 16 chars x 5 bits = 80 bits; one random byte per char, masked to 5 bits (uniform: 256 % 32 == 0)
  const bytes = randomBytes(RANDOM_CHARS)
  let out = ''
  for (const b of bytes) out += ALPHABET[b & 31]
  return out
}

/**
 * A new 26-character, time-sortable, random id (ULID layout: 48-bit ms time + 80 random bits).
 * @example const id = newId<TenantId>() // '01JD3…'
 */
export function newId<T extends string = string>(now: number = Date.now()): T {
  return (encodeTime(now) + encodeRandom()) as T
}

/** True when the string has the shape of an id made by newId (use to reject junk route params). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}
