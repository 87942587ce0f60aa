import { describe, expect, it } from 'vitest'
import { LatenessStats } from '../../../src/poller/lateness.ts'

describe('LatenessStats', () => {
  it('counts polls on time and reports percentiles of the recent ones', () => {
    const s = new LatenessStats(100, 5000)
    for (let i = 1; i <= 100; i++) s.add(i * 100)
    expect(s.total).toBe(100)
    expect(s.onTime).toBe(50)
    expect(s.percentile(50)).toBe(5000)
    expect(s.percentile(99)).toBe(9900)
  })

  it('keeps only the newest entries in the ring', () => {
    const s = new LatenessStats(2)
    s.add(1)
    s.add(2)
    s.add(300)
    expect(s.percentile(100)).toBe(300)
    expect(s.percentile(1)).toBe(2)
  })
})
