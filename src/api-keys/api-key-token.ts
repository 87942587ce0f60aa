import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../lib/crypto.ts'

/** Every Outpost API key starts with this, so secret scanners and people recognise one on sight. */
export const API_KEY_PREFIX = 'opk_'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** 32 base62 characters carry about 190 bits of randomness. */
const RANDOM_CHARS = 32
/** Characters after `opk_` kept in clear so a key can be recognised in the list. */
const VISIBLE_CHARS = 6
const TOKEN_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_CHARS}}$`)

export interface GeneratedApiKey {
  /** The full secret: shown once, never stored. */
  token: string
  /** The visible start of the key (`opk_` + 6 characters), stored for display. */
  prefix: string
  /** SHA-256 hex of the full token, the only form stored. */
  hash: string
}

/** Random base62 string; rejection sampling keeps every character equally likely. */
function randomBase62(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62]
    }
  }
  return out
}

/** SHA-256 hex of a token. A fast hash is enough: keys carry ~190 random bits, not a password. */
export function hashApiKey(token: string): string {
  return sha256Hex(token)
}

/** True when the string has the exact shape of an Outpost API key. */
export function looksLikeApiKey(token: string): boolean {
  return TOKEN_PATTERN.test(token)
}

/** Creates a new key: token (show once), display prefix and hash (store). */
export function generateApiKey(): GeneratedApiKey {
  const token = API_KEY_PREFIX + randomBase62(RANDOM_CHARS)
  return {
    token,
    prefix: token.slice(0, API_KEY_PREFIX.length + VISIBLE_CHARS),
    hash: hashApiKey(token),
  }
}
