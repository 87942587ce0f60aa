// RFC 6238 time-based one-time passwords (HOTP of RFC 4226 over 30-second steps), with node:crypto
// only. Secrets travel as RFC 4648 base32, the form authenticator apps read from otpauth:// URIs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Accepts lower case, spaces and padding, as people type them; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '')
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch)
    if (i < 0) throw new Error('invalid base32 character')
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new 160-bit secret (RFC 4226 recommends 160 bits for HMAC-SHA1). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

/** RFC 4226 HOTP value of one counter. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, key).update(msg).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(bin).padStart(digits, '0')
}

/** The time step of a moment (ms since the epoch). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS)
}

/** @example totpAt(base32Decode(secret), Date.now()) // '492039' */
export function totpAt(
  key: Uint8Array,
  nowMs: number,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  return hotp(key, totpStep(nowMs), digits, algorithm)
}

/**
 * The step a code matches, looking one step either side for clock drift, or undefined. Steps at
 * or before `afterStep` are not accepted: a code that was used once cannot be replayed.
 */
export function matchTotp(
  key: Uint8Array,
  code: string,
  nowMs: number,
  afterStep = -1,
): number | undefined {
  const typed = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(typed)) return undefined
  const now = totpStep(nowMs)
  let found: number | undefined
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(hotp(key, step))
    // compare every candidate, so the time taken says nothing about which one matched
    if (timingSafeEqual(expected, Buffer.from(typed)) && step > afterStep && found === undefined)
      found = step
  }
  return found
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  const params = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${params.toString()}`
}
