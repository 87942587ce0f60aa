import { randomBytes } from 'node:crypto'

/** No 0/O, 1/l/I: the password is read off a screen and typed by someone else. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
const GROUPS = 4
const GROUP_LENGTH = 4

/**
 * A one-time password for a new or reset account, e.g. `k7pq-X9m2-tR4w-8bnE` (about 92 bits).
 * It is shown once and must be changed at the first login.
 */
export function temporaryPassword(): string {
  const chars: string[] = []
  const limit = 256 - (256 % ALPHABET.length)
  while (chars.length < GROUPS * GROUP_LENGTH) {
    for (const byte of randomBytes(32)) {
      if (byte >= limit || chars.length >= GROUPS * GROUP_LENGTH) continue
      chars.push(ALPHABET[byte % ALPHABET.length] ?? '')
    }
  }
  const groups: string[] = []
  for (let i = 0; i < GROUPS; i++) {
    groups.push(chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''))
  }
  return groups.join('-')
}
