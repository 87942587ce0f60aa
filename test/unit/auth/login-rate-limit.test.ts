import { describe, expect, it } from 'vitest'
import { LoginRateLimit } from '../../../src/auth/login-rate-limit.ts'

describe('LoginRateLimit', () => {
  it('allows 5 attempts per sliding minute per address', () => {
    let now = 0
    const limit = new LoginRateLimit({ now: () => now })
    for (let i = 0; i < 5; i++) {
      expect(limit.tryAttempt('a')).toBe(true)
      now += 10_000
    }
    expect(limit.tryAttempt('a')).toBe(false)
    expect(limit.tryAttempt('b')).toBe(true)
    expect(limit.retryAfterSeconds('a')).toBe(10)
    now = 60_001 // the first attempt left the window
    expect(limit.tryAttempt('a')).toBe(true)
    expect(limit.tryAttempt('a')).toBe(false)
  })
})
