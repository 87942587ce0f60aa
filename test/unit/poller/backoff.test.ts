import { describe, expect, it } from 'vitest'
import { backoff } from '../../../src/poller/backoff.ts'

describe('backoff', () => {
  it('adds nothing for the first four failures', () => {
    expect([0, 1, 2, 3, 4].map(backoff)).toEqual([0, 0, 0, 0, 0])
  })

  it('starts at 30 s on the fifth failure and doubles up to 15 min', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 50].map(backoff)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ])
  })
})
