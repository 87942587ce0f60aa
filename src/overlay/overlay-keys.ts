// WireGuard keys: x25519 pairs in WireGuard's base64 form. The appliance's private key is sealed
// under a key derived from the master key (like the TOTP secrets), so a copied database alone does
// not reveal it; it is opened only to hand it to `wg` on stdin.
import { hkdfSync } from 'node:crypto'
import { x25519 } from '@noble/curves/ed25519.js'
import { openSecret, sealSecret } from '../lib/secretbox.ts'

export interface WgKeyPair {
  privateKey: string
  publicKey: string
}

/** @example const { privateKey, publicKey } = generateKeyPair() */
export function generateKeyPair(): WgKeyPair {
  const { secretKey, publicKey } = x25519.keygen()
  return {
    privateKey: Buffer.from(secretKey).toString('base64'),
    publicKey: Buffer.from(publicKey).toString('base64'),
  }
}

/** The public key of a base64 private key. */
export function publicKeyOf(privateKey: string): string {
  return Buffer.from(x25519.getPublicKey(Buffer.from(privateKey, 'base64'))).toString('base64')
}

/**
 * Whether `text` is a WireGuard public key: 32 bytes in canonical base64 (44 characters, one `=`),
 * and not a low-order point (x25519 would accept it, but no handshake could ever complete).
 */
export function isPublicKey(text: string): boolean {
  if (!/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(text)) return false
  const bytes = Buffer.from(text, 'base64')
  return bytes.length === 32 && !bytes.every((b) => b === 0)
}

const context = { tenantId: 'appliance', rowId: 'overlay', field: 'overlay_private_key' }
const sealKey = (masterKey: Uint8Array) =>
  new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), 'outpost overlay key v1', 32))

export function sealPrivateKey(masterKey: Uint8Array, privateKey: string): string {
  return sealSecret(sealKey(masterKey), privateKey, context)
}

export function openPrivateKey(masterKey: Uint8Array, sealed: string): string {
  return openSecret(sealKey(masterKey), sealed, context)
}
