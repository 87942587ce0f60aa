import { describe, expect, it } from 'vitest'
import { nextSlot, phase } from '../../../src/poller/phase.ts'

describe('phase', () => {
  it('is stable for a key and inside the interval', () => {
    expect(phase('dev-1', 60_000)).toBe(phase('dev-1', 60_000))
    expect(phase('dev-1', 60_000)).toBeGreaterThanOrEqual(0)
    expect(phase('dev-1', 60_000)).toBeLessThan(60_000)
  })

  it('spreads 6,000 keys over every 10 s slice of a minute', () => {
    const buckets = new Array<number>(6).fill(0)
    for (let i = 0; i < 6000; i++) {
      const b = Math.floor(phase(`01HZX${i}`, 60_000) / 10_000)
      buckets[b] = (buckets[b] ?? 0) + 1
    }
    for (const n of buckets) expect(n).toBeGreaterThan(800)
  })
})

describe('nextSlot', () => {
  it('returns the next time on the phase strictly after the given time', () => {
    const p = phase('k', 60_000)
    const base = 1_000_000 * 60_000
    expect(nextSlot('k', 60_000, base)).toBe(base + (p === 0 ? 60_000 : p))
    expect(nextSlot('k', 60_000, base + p)).toBe(base + p + 60_000)
    expect(nextSlot('k', 60_000, base + p - 1)).toBe(base + p)
  })
})
