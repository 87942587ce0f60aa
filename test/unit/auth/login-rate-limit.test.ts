import { describe, expect, it } from 'vitest'
import { LoginRateLimit } from '../../../src/auth/login-rate-limit.ts'

describe('LoginRateLimit', () => {
  it('allows 5 failures per sliding minute per address', () => {
    let now = 0
    const limit = new LoginRateLimit({ now: () => now })
    for (let i = 0; i < 5; i++) {
      expect(limit.isLimited('a')).toBe(false)
      limit.recordFailure('a')
      now += 10_000
    }
    expect(limit.isLimited('a')).toBe(true)
    expect(limit.isLimited('b')).toBe(false)
    expect(limit.retryAfterSeconds('a')).toBe(10)
    now = 60_001 // the first failure left the window
    expect(limit.isLimited('a')).toBe(false)
    limit.recordFailure('a')
    expect(limit.isLimited('a')).toBe(true)
  })

  it('never limits an address whose attempts succeed (only failures are recorded)', () => {
    const limit = new LoginRateLimit({ now: () => 0 })
    for (let i = 0; i < 50; i++) expect(limit.isLimited('office')).toBe(false)
  })
})
