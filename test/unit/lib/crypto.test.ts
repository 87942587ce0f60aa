import { describe, expect, it } from 'vitest'
import { randomToken, sha256Hex, timingSafeEqual } from '../../../src/lib/crypto.ts'

describe('crypto helpers', () => {
  it('sha256Hex matches the standard test vector', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'))
  })
  it('randomToken gives url-safe tokens of the requested entropy', () => {
    const t = randomToken(32)
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(randomToken(32)).not.toBe(t)
  })
  it('timingSafeEqual compares exactly', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
  })
})
