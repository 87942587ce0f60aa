import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isSealed, openSecret, sealSecret, SecretboxError } from '../../../src/lib/secretbox.ts'

const key = new Uint8Array(randomBytes(32))
const ctx = { tenantId: 'tenant-a', rowId: 'device-1', field: 'password' }

function flipChar(s: string, index: number): string {
  const c = s[index] === 'A' ? 'B' : 'A'
  return s.slice(0, index) + c + s.slice(index + 1)
}

describe('secretbox', () => {
  it('round-trips a value including non-ASCII text', () => {
    const secret = 'pässwörd ✓ with spaces'
    expect(openSecret(key, sealSecret(key, secret, ctx), ctx)).toBe(secret)
  })

  it('round-trips an empty string', () => {
    expect(openSecret(key, sealSecret(key, '', ctx), ctx)).toBe('')
  })

  it('uses a fresh nonce for every value', () => {
    const a = sealSecret(key, 'same', ctx)
    const b = sealSecret(key, 'same', ctx)
    expect(a).not.toBe(b)
    expect(a.split('.')[1]).not.toBe(b.split('.')[1])
  })

  it('produces a versioned compact encoding without the plaintext', () => {
    const sealed = sealSecret(key, 'hunter2-secret', ctx)
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain('hunter2')
    expect(isSealed(sealed)).toBe(true)
    expect(isSealed('hunter2')).toBe(false)
  })

  it.each([
    ['another tenant', { ...ctx, tenantId: 'tenant-b' }],
    ['another row', { ...ctx, rowId: 'device-2' }],
    ['another field', { ...ctx, field: 'username' }],
  ])('refuses to open a value copied to %s', (_name, other) => {
    const sealed = sealSecret(key, 'hunter2', ctx)
    expect(() => openSecret(key, sealed, other)).toThrow(SecretboxError)
  })

  it('refuses a value opened with another key', () => {
    const sealed = sealSecret(key, 'hunter2', ctx)
    expect(() => openSecret(new Uint8Array(randomBytes(32)), sealed, ctx)).toThrow(SecretboxError)
  })

  it('detects tampering with the ciphertext, the tag or the nonce', () => {
    const sealed = sealSecret(key, 'hunter2 is long enough', ctx)
    const [v, nonce, body] = sealed.split('.') as [string, string, string]
    const tampered = [
      `${v}.${nonce}.${flipChar(body, 0)}`,
      `${v}.${nonce}.${flipChar(body, body.length - 3)}`,
      `${v}.${flipChar(nonce, 2)}.${body}`,
      `${v}.${nonce}.${body.slice(0, -4)}`,
    ]
    for (const t of tampered) expect(() => openSecret(key, t, ctx)).toThrow(SecretboxError)
  })

  it('rejects malformed encodings and unknown versions', () => {
    const sealed = sealSecret(key, 'x', ctx)
    for (const bad of ['', 'hunter2', sealed.replace(/^v1/, 'v2'), 'v1.AAAA.BBBB', 'v1..']) {
      expect(() => openSecret(key, bad, ctx)).toThrow(SecretboxError)
    }
  })

  it('requires a 32-byte key', () => {
    expect(() => sealSecret(new Uint8Array(16), 'x', ctx)).toThrow(SecretboxError)
  })
})
