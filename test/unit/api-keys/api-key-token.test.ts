import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../../src/api-keys/api-key-token.ts'

describe('generateApiKey', () => {
  it('starts with opk_ followed by 32 base62 characters', () => {
    const { token } = generateApiKey()
    expect(token).toMatch(/^opk_[0-9A-Za-z]{32}$/)
    expect(looksLikeApiKey(token)).toBe(true)
  })

  it('keeps only the visible start as prefix and stores the SHA-256 hex of the token', () => {
    const key = generateApiKey()
    expect(key.prefix).toBe(key.token.slice(0, 10))
    expect(key.hash).toBe(createHash('sha256').update(key.token).digest('hex'))
    expect(hashApiKey(key.token)).toBe(key.hash)
  })

  it('produces different keys each time', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateApiKey().token))
    expect(tokens.size).toBe(200)
  })
})

describe('looksLikeApiKey', () => {
  it.each([
    ['', false],
    ['opk_', false],
    ['opk_short', false],
    ['xyz_' + 'a'.repeat(32), false],
    ['opk_' + 'a'.repeat(31) + '!', false],
    ['opk_' + 'a'.repeat(33), false],
    ['opk_' + 'aB3'.repeat(10) + 'zz', true],
  ])('%j → %s', (token, expected) => {
    expect(looksLikeApiKey(token)).toBe(expected)
  })
})
