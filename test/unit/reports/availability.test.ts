import { describe, expect, it } from 'vitest'
import { availability, combined, mergeIntervals } from '../../../src/reports/availability.ts'
import { parsePeriod, previousMonth } from '../../../src/reports/report-period.ts'

const H = 3_600_000

describe('availability', () => {
  it('counts up and down time within the period, starting from the change before it', () => {
    const a = availability(
      [
        { at: -5 * H, status: 'online' },
        { at: 10 * H, status: 'offline' },
        { at: 12 * H, status: 'degraded' },
      ],
      0,
      24 * H,
      [],
    )
    expect(a).toMatchObject({ upMs: 22 * H, downMs: 2 * H, outages: 1 })
    expect(a.percent).toBeCloseTo((22 / 24) * 100, 10)
  })

  it('leaves unknown, auth_failed and maintenance time out of the percentage', () => {
    const a = availability(
      [
        { at: 0, status: 'unknown' },
        { at: 2 * H, status: 'online' },
        { at: 6 * H, status: 'auth_failed' },
        { at: 8 * H, status: 'offline' },
        { at: 9 * H, status: 'online' },
      ],
      0,
      10 * H,
      mergeIntervals([
        [8 * H, 9 * H],
        [8.5 * H, 9.5 * H],
      ]),
    )
    // up 2–6 h and 9.5–10 h; the outage 8–9 h lies inside maintenance
    expect(a).toMatchObject({ upMs: 4.5 * H, downMs: 0, maintenanceMs: 1.5 * H, outages: 0 })
    expect(a.percent).toBe(100)
  })

  it('has no percentage for a device never monitored, and weights sites by monitored time', () => {
    const never = availability([], 0, 10 * H, [])
    expect(never.percent).toBeNull()
    const half = availability(
      [
        { at: 0, status: 'offline' },
        { at: 5 * H, status: 'online' },
      ],
      0,
      10 * H,
      [],
    )
    const full = availability([{ at: 0, status: 'online' }], 0, 30 * H, [])
    expect(combined([never, half, full]).percent).toBeCloseTo((35 / 40) * 100, 10)
  })
})

describe('report period', () => {
  const now = Date.UTC(2026, 11, 6, 9)
  it("reads days in the tenant's zone, the last day included", () => {
    const p = parsePeriod('2026-11-01', '2026-11-30', 'Europe/Vienna', now)
    expect(p.from).toBe(Date.UTC(2026, 9, 31, 23))
    expect(p.to).toBe(Date.UTC(2026, 10, 30, 23))
  })
  it('knows last month across a year boundary and in a zone ahead of UTC', () => {
    expect(previousMonth(Date.UTC(2027, 0, 3), 'UTC')).toMatchObject({
      fromDay: '2026-12-01',
      toDay: '2026-12-31',
    })
    // 1 March 00:30 in Vienna is still February in UTC
    expect(previousMonth(Date.UTC(2027, 1, 28, 23, 30), 'Europe/Vienna')).toMatchObject({
      fromDay: '2027-02-01',
      toDay: '2027-02-28',
    })
  })
})
