import { describe, expect, it } from 'vitest'
import { ID_LENGTH, isId, newId } from '../../../src/lib/ids.ts'

describe('newId', () => {
  it('makes 26-character Crockford base32 ids', () => {
    const id = newId()
    expect(id).toHaveLength(ID_LENGTH)
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(isId(id)).toBe(true)
  })
  it('sorts by creation time as text', () => {
    const ids = [5, 1_000, 1_700_000_000_000, 1_700_000_000_001, 2 ** 47].map((t) => newId(t))
    expect([...ids].sort()).toEqual(ids)
  })
  it('encodes the time in the first 10 characters', () => {
    expect(newId(0).slice(0, 10)).toBe('0000000000')
    expect(newId(32).slice(0, 10)).toBe('0000000010')
  })
  it('does not repeat within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId(42)))
    expect(ids.size).toBe(10_000)
  })
  it('isId rejects junk', () => {
    expect(isId('../etc/passwd')).toBe(false)
    expect(isId('0'.repeat(25))).toBe(false)
    expect(isId('I'.repeat(26))).toBe(false)
    expect(isId(42)).toBe(false)
  })
})
