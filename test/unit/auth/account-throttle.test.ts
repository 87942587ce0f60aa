import { describe, expect, it } from 'vitest'
import {
  AccountThrottle,
  delayAfter,
  FORGET_AFTER_MS,
  FREE_FAILURES,
  MAX_DELAY_MS,
} from '../../../src/auth/account-throttle.ts'

describe('delayAfter', () => {
  it('is free up to FREE_FAILURES, then doubles from 1 s up to the cap', () => {
    expect(delayAfter(FREE_FAILURES)).toBe(0)
    expect(delayAfter(FREE_FAILURES + 1)).toBe(1000)
    expect(delayAfter(FREE_FAILURES + 2)).toBe(2000)
    expect(delayAfter(FREE_FAILURES + 4)).toBe(8000)
    expect(delayAfter(1_000)).toBe(MAX_DELAY_MS)
  })
})

describe('AccountThrottle', () => {
  it('refuses attempts inside the delay, audits the first refusal once, and forgets after a quiet spell', () => {
    let now = 0
    const t = new AccountThrottle({ now: () => now })
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(t.check('k').ok).toBe(true)
      t.recordFailure('k')
    }
    expect(t.check('k').ok).toBe(true)
    expect(t.recordFailure('k').delayMs).toBe(1000)
    expect(t.check('k')).toEqual({
      ok: false,
      retryAfterSeconds: 1,
      failures: 6,
      firstRefusal: true,
    })
    expect(t.check('k')).toMatchObject({ ok: false, firstRefusal: false })
    expect(t.check('other').ok).toBe(true)
    now += 1000
    expect(t.check('k').ok).toBe(true)
    now += FORGET_AFTER_MS + 1
    t.recordFailure('k')
    expect(t.check('k').ok).toBe(true)
  })

  it('starts afresh after a success', () => {
    const t = new AccountThrottle({ now: () => 0 })
    for (let i = 0; i < 10; i++) t.recordFailure('k')
    expect(t.check('k').ok).toBe(false)
    t.recordSuccess('k')
    expect(t.check('k').ok).toBe(true)
  })
})
