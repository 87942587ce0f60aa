import { describe, expect, it } from 'vitest'
import { ManualClock, RealClock } from '../../../../src/sim/device/clock.ts'
import {
  compareVersions,
  formatDate,
  formatDuration,
  parseDate,
  parseDuration,
} from '../../../../src/sim/device/version.ts'

describe('ManualClock', () => {
  it('fires due timers in time order, each seeing its own due time', () => {
    const c = new ManualClock(1000)
    const seen: [string, number][] = []
    c.setTimer(3000, () => seen.push(['b', c.now()]))
    c.setTimer(2000, () => {
      seen.push(['a', c.now()])
      c.setTimer(2500, () => seen.push(['a2', c.now()]))
    })
    const cancel = c.setTimer(2200, () => seen.push(['x', c.now()]))
    cancel()
    c.advance(500)
    expect(seen).toEqual([])
    c.advance(3000)
    expect(seen).toEqual([
      ['a', 2000],
      ['a2', 2500],
      ['b', 3000],
    ])
    expect(c.now()).toBe(4500)
  })
})

describe('RealClock', () => {
  it('runs virtual time faster with timeScale and fires timers on it', async () => {
    const c = new RealClock({ timeScale: 1000, start: 0 })
    const at = c.now() + 5_000
    const firedAt = await new Promise<number>((resolve) => c.setTimer(at, () => resolve(c.now())))
    expect(firedAt).toBeGreaterThanOrEqual(at)
  })
})

describe('version and value formats', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('7.18.2', '7.9')).toBeGreaterThan(0)
    expect(compareVersions('6.49.10', '6.49.9')).toBeGreaterThan(0)
    expect(compareVersions('7.18', '7.18.0')).toBe(0)
  })

  it('formats dates the way each version prints them', () => {
    const t = Date.UTC(2024, 8, 20, 10, 55, 2)
    expect(formatDate(t, '6.49.6')).toBe('sep/20/2024')
    expect(formatDate(t, '7.9')).toBe('sep/20/2024')
    expect(formatDate(t, '7.10')).toBe('2024-09-20')
    expect(parseDate('sep/20/2024')).toBe(Date.UTC(2024, 8, 20))
    expect(parseDate('2024-09-20')).toBe(Date.UTC(2024, 8, 20))
  })

  it('parses and prints RouterOS durations', () => {
    expect(parseDuration('1w4d23h26m9s')).toBe(((((7 + 4) * 24 + 23) * 60 + 26) * 60 + 9) * 1000)
    expect(parseDuration('5s680ms')).toBe(5680)
    expect(parseDuration('30')).toBe(30_000)
    expect(parseDuration('00:10:00')).toBe(600_000)
    expect(parseDuration('soon')).toBeUndefined()
    expect(formatDuration(((11 * 24 + 23) * 3600 + 26 * 60 + 9) * 1000)).toBe('1w4d23h26m9s')
    expect(formatDuration(0)).toBe('0s')
  })
})
