import { describe, expect, it } from 'vitest'
import { signAccessToken, verifyAccessToken } from '../../../src/auth/access-token.ts'

const key = Buffer.alloc(32, 1)
const claims = { userId: 'U1', familyId: 'F1', tenantId: 'T1', expiresAt: 2_000 }

describe('access tokens', () => {
  it('round-trips the claims before expiry', () => {
    expect(verifyAccessToken(key, signAccessToken(key, claims), 1_000)).toEqual({
      valid: true,
      claims,
    })
  })

  it('is expired at its expiry time', () => {
    expect(verifyAccessToken(key, signAccessToken(key, claims), 2_000)).toEqual({
      valid: false,
      reason: 'expired',
    })
  })

  it('rejects another key and any edited payload', () => {
    const token = signAccessToken(key, claims)
    expect(verifyAccessToken(Buffer.alloc(32, 2), token, 1_000)).toMatchObject({
      reason: 'bad_signature',
    })
    const [v, , mac] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ u: 'ADMIN', f: 'F1', t: 'T1', e: 2_000 })).toString(
      'base64url',
    )
    expect(verifyAccessToken(key, `${v}.${forged}.${mac}`, 1_000)).toMatchObject({
      reason: 'bad_signature',
    })
  })

  it('rejects malformed tokens without throwing', () => {
    for (const junk of ['', 'v1', 'v1.a', 'v2.a.b', 'v1.a.b.c', 'v1.%%%.sig']) {
      expect(verifyAccessToken(key, junk, 1_000).valid).toBe(false)
    }
  })
})
