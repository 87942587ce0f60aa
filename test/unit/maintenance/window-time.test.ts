import { describe, expect, it } from 'vitest'
import {
  instantToLocal,
  isTimeZone,
  localToInstant,
  openUntil,
  type WindowTimes,
} from '../../../src/maintenance/window-time.ts'

const weekly = (days: number[], start: string, durationMin: number): WindowTimes => {
  const [h, m] = start.split(':').map(Number) as [number, number]
  return {
    kind: 'weekly',
    starts_at: null,
    ends_at: null,
    week_days: days.reduce((a, d) => a | (1 << d), 0),
    start_minute: h * 60 + m,
    duration_min: durationMin,
  }
}
const VIENNA = 'Europe/Vienna'

describe('maintenance window times', () => {
  it('opens a one-off window between its instants only', () => {
    const w: WindowTimes = {
      kind: 'once',
      starts_at: 1000,
      ends_at: 2000,
      week_days: 0,
      start_minute: 0,
      duration_min: 0,
    }
    expect(openUntil(w, 999, 'UTC')).toBeUndefined()
    expect(openUntil(w, 1000, 'UTC')).toBe(2000)
    expect(openUntil(w, 2000, 'UTC')).toBeUndefined()
  })
  it('reads weekly windows in the tenant time zone (Tuesday 02:00 Vienna is Monday 01:00 UTC in winter)', () => {
    const w = weekly([1], '02:00', 120) // Tuesday
    const tue0230 = localToInstant('2026-12-08T02:30', VIENNA)!
    expect(new Date(tue0230).toISOString()).toBe('2026-12-08T01:30:00.000Z')
    expect(openUntil(w, tue0230, VIENNA)).toBe(Date.parse('2026-12-08T03:00:00Z'))
    expect(openUntil(w, tue0230, 'UTC')).toBeUndefined() // 01:30 in UTC: not yet
    expect(openUntil(w, localToInstant('2026-12-08T04:00', VIENNA)!, VIENNA)).toBeUndefined()
    expect(openUntil(w, localToInstant('2026-12-09T02:30', VIENNA)!, VIENNA)).toBeUndefined()
  })
  it('keeps a window open past midnight into the next day', () => {
    const w = weekly([6], '23:00', 180) // Sunday 23:00 → Monday 02:00
    expect(openUntil(w, Date.parse('2026-12-07T01:00:00Z'), 'UTC')).toBe(
      Date.parse('2026-12-07T02:00:00Z'),
    )
    expect(openUntil(w, Date.parse('2026-12-14T01:00:00Z'), 'UTC')).toBeDefined()
    expect(openUntil(w, Date.parse('2026-12-08T01:00:00Z'), 'UTC')).toBeUndefined()
  })
  it('stays at 02:00 local across a daylight-saving change', () => {
    const w = weekly([6], '02:30', 60)
    expect(openUntil(w, localToInstant('2026-10-25T02:45', VIENNA)!, VIENNA)).toBeDefined()
    expect(openUntil(w, localToInstant('2026-11-01T02:45', VIENNA)!, VIENNA)).toBeDefined()
    expect(instantToLocal(localToInstant('2026-07-05T02:45', VIENNA)!, VIENNA)).toBe(
      '2026-07-05T02:45',
    )
  })
  it('knows real zone names from typos', () => {
    expect(isTimeZone('Europe/Vienna')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
  })
})
