// Sealing TOTP secrets and hashing recovery codes. The secret is sealed with a key derived from
// the master key (HKDF), bound to its user row, so a copied row or a stolen database alone does
// not give an attacker the codes. Recovery codes are random (50 bits), so plain SHA-256 suffices.
import { createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto'
import { base32Encode } from '../lib/totp.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'

export const RECOVERY_CODE_COUNT = 10

function secretKey(masterKey: Buffer): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'outpost totp secret v1', 32),
  )
}

const context = (userId: string) => ({ tenantId: 'appliance', rowId: userId, field: 'totp_secret' })

export function sealTotpSecret(masterKey: Buffer, userId: string, secret: string): string {
  return sealSecret(secretKey(masterKey), secret, context(userId))
}

export function openTotpSecret(masterKey: Buffer, userId: string, sealed: string): string {
  return openSecret(secretKey(masterKey), sealed, context(userId))
}

/** Upper case, no spaces or dashes: `abcd-efgh-ij` and `ABCDEFGHIJ` are the same code. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(`outpost-recovery:${normaliseRecoveryCode(code)}`)
    .digest('hex')
}

/** Ten codes like `K7QH-MX2P-4D`; the raw codes are shown once and only their hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; rows: { id: string; hash: string }[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = base32Encode(randomBytes(7)).slice(0, 10)
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
  })
  return { codes, rows: codes.map((c) => ({ id: randomUUID(), hash: hashRecoveryCode(c) })) }
}

/** A recovery code's shape (10 base32 characters), as opposed to a 6-digit TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[A-Z2-7]{10}$/.test(normaliseRecoveryCode(code))
}
