import { describe, expect, it } from 'vitest'
import { selectForDeletion, type RetainedVersion } from '../../../src/backups/retention.ts'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 5, 15, 12)

function hourly(days: number): RetainedVersion[] {
  // four versions a day (every 6 h) for `days` days back
  return Array.from({ length: days * 4 }, (_, i) => ({
    id: `v${String(i).padStart(5, '0')}`,
    capturedAt: NOW - i * 6 * 3_600_000,
  }))
}

describe('selectForDeletion', () => {
  it('keeps every version of the last 30 days, one a day for 90 more, one a month for 24 more months', () => {
    const versions = hourly(1000)
    const doomed = new Set(selectForDeletion(versions, NOW))
    const kept = versions.filter((v) => !doomed.has(v.id))
    const age = (v: RetainedVersion): number => (NOW - v.capturedAt) / DAY
    expect(kept.filter((v) => age(v) < 30)).toHaveLength(versions.filter((v) => age(v) < 30).length)
    const daily = kept.filter((v) => age(v) > 30 && age(v) <= 120)
    const days = new Set(daily.map((v) => new Date(v.capturedAt).toISOString().slice(0, 10)))
    expect(daily.length).toBe(days.size)
    expect(days.size).toBeGreaterThanOrEqual(90)
    const monthly = kept.filter((v) => age(v) > 120)
    expect(new Set(monthly.map((v) => new Date(v.capturedAt).toISOString().slice(0, 7))).size).toBe(
      monthly.length,
    )
    // the newest version of each day stays (captures run at 00, 06, 12 and 18 h)
    for (const v of daily.filter((x) => age(x) > 31 && age(x) < 119))
      expect(new Date(v.capturedAt).getUTCHours()).toBe(18)
    expect(monthly.length).toBeGreaterThanOrEqual(24)
  })

  it('never deletes the newest version, however old', () => {
    const old = [
      { id: 'a', capturedAt: NOW - 4000 * DAY },
      { id: 'b', capturedAt: NOW - 5000 * DAY },
    ]
    expect(selectForDeletion(old, NOW)).toEqual(['b'])
    expect(selectForDeletion([{ id: 'only', capturedAt: NOW - 9000 * DAY }], NOW)).toEqual([])
  })

  it('follows a configured policy and refuses a bad one', () => {
    const versions = hourly(10)
    // 40 versions 6 h apart: nine are at most two days old, the other 31 go
    expect(
      selectForDeletion(versions, NOW, { allDays: 2, dailyDays: 0, monthlyMonths: 0 }),
    ).toHaveLength(31)
    expect(() =>
      selectForDeletion(versions, NOW, { allDays: -1, dailyDays: 0, monthlyMonths: 0 }),
    ).toThrow(/allDays/)
  })
})

describe('selectForDeletion buckets', () => {
  it('the newest version fills its own month: older ones of that month go', () => {
    const v = Array.from({ length: 5 }, (_, i) => ({
      id: `x${i}`,
      capturedAt: NOW - 400 * DAY - i * 3_600_000,
    }))
    expect(selectForDeletion(v, NOW)).toEqual(['x4', 'x3', 'x2', 'x1'])
  })
})
