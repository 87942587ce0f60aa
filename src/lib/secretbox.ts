import { randomBytes } from 'node:crypto'
import { gcm } from '@noble/ciphers/aes.js'

/**
 * Authenticated encryption of small secrets (device passwords, user names) with AES-256-GCM.
 *
 * Encoding: `v1.<nonce b64url>.<ciphertext+tag b64url>`. The version prefix lets us rotate the
 * scheme later without guessing. Every value gets a fresh random 12-byte nonce, so two equal
 * passwords never produce the same ciphertext.
 *
 * Associated data binds a ciphertext to the row and field it was written for: a value copied
 * into another tenant's row, another device or another column fails authentication instead of
 * silently decrypting (a cut-and-paste attack on the database file).
 *
 * @example
 * const ctx = { tenantId: 't1', rowId: 'd1', field: 'password' }
 * const sealed = sealSecret(key, 'hunter2', ctx)
 * openSecret(key, sealed, ctx) // 'hunter2'
 */
export interface SecretContext {
  /** Owner tenant of the row. */
  tenantId: string
  /** Primary key of the row that stores the value. */
  rowId: string
  /** Column (or purpose) of the value, e.g. `password`. */
  field: string
}

const VERSION = 'v1'
const NONCE_BYTES = 12
const KEY_BYTES = 32
const TAG_BYTES = 16

/** Raised when a sealed value is malformed, tampered with, or opened with the wrong key/context. */
export class SecretboxError extends Error {
  override readonly name = 'SecretboxError'
}

function associatedData(ctx: SecretContext, version = VERSION): Uint8Array {
  // JSON of an array is unambiguous: no separator can be smuggled inside an id to collide.
  return new TextEncoder().encode(
    JSON.stringify(['outpost', version, ctx.tenantId, ctx.rowId, ctx.field]),
  )
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new SecretboxError('secretbox key must be 32 bytes')
}

/** Encrypts `plaintext` for the given row/field context. */
export function sealSecret(key: Uint8Array, plaintext: string, ctx: SecretContext): string {
  checkKey(key)
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES))
  const data = new TextEncoder().encode(plaintext)
  const sealed = gcm(key, nonce, associatedData(ctx)).encrypt(data)
  data.fill(0)
  return `${VERSION}.${Buffer.from(nonce).toString('base64url')}.${Buffer.from(sealed).toString('base64url')}`
}

function decode(sealed: string): { nonce: Uint8Array; body: Uint8Array } {
  const parts = sealed.split('.')
  if (parts.length !== 3 || parts[0] !== VERSION) {
    throw new SecretboxError('unsupported sealed value format')
  }
  const nonce = new Uint8Array(Buffer.from(parts[1] ?? '', 'base64url'))
  const body = new Uint8Array(Buffer.from(parts[2] ?? '', 'base64url'))
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new SecretboxError('malformed sealed value')
  }
  return { nonce, body }
}

/** Decrypts a value produced by {@link sealSecret}; throws SecretboxError on any mismatch. */
export function openSecret(key: Uint8Array, sealed: string, ctx: SecretContext): string {
  checkKey(key)
  const { nonce, body } = decode(sealed)
  let plain: Uint8Array
  try {
    plain = gcm(key, nonce, associatedData(ctx)).decrypt(body)
  } catch (cause) {
    throw new SecretboxError('sealed value failed authentication', { cause })
  }
  const text = new TextDecoder().decode(plain)
  plain.fill(0)
  return text
}

/** True when `value` looks like a sealed value (used to refuse storing plaintext by mistake). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split('.').length === 3
}

// Binary form for large payloads (config backups): `0x01 ‖ nonce ‖ ciphertext+tag`, no base64.
const BYTES_VERSION = 1

/** Encrypts bytes for the given row/field context (same scheme as {@link sealSecret}). */
export function sealBytes(key: Uint8Array, plaintext: Uint8Array, ctx: SecretContext): Uint8Array {
  checkKey(key)
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES))
  const sealed = gcm(key, nonce, associatedData(ctx, 'b1')).encrypt(plaintext)
  const out = new Uint8Array(1 + NONCE_BYTES + sealed.length)
  out[0] = BYTES_VERSION
  out.set(nonce, 1)
  out.set(sealed, 1 + NONCE_BYTES)
  return out
}

/** Decrypts a value produced by {@link sealBytes}; throws SecretboxError on any mismatch. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, ctx: SecretContext): Uint8Array {
  checkKey(key)
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== BYTES_VERSION) {
    throw new SecretboxError('malformed sealed bytes')
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES)
  try {
    return gcm(key, nonce, associatedData(ctx, 'b1')).decrypt(sealed.subarray(1 + NONCE_BYTES))
  } catch (cause) {
    throw new SecretboxError('sealed bytes failed authentication', { cause })
  }
}
