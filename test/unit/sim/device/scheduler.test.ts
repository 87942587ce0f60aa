import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../../src/sim/device/device.ts'
import { nextRun } from '../../../../src/sim/device/scheduler.ts'
import { ALL_POLICIES } from '../../../../src/sim/device/users.ts'

const admin = { user: 'admin', policies: ALL_POLICIES }
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0)
const item = (props: Record<string, string>) => ({ id: '*1', props })

describe('nextRun', () => {
  it('runs a one-shot at its start time once, never in the past', () => {
    const job = item({ 'start-date': '2025-01-01', 'start-time': '12:10:00', interval: '0s' })
    expect(nextRun(job, T0, T0, undefined)).toBe(T0 + 600_000)
    expect(nextRun(job, T0 + 700_000, T0, undefined)).toBeUndefined()
    expect(nextRun(job, T0, T0, T0 + 600_000)).toBeUndefined()
  })

  it('repeats on the interval from the start time', () => {
    const job = item({ 'start-date': 'jan/01/2025', 'start-time': '11:00:00', interval: '15m' })
    expect(nextRun(job, T0 + 1, T0, undefined)).toBe(T0 + 15 * 60_000)
  })

  it('runs startup jobs at boot only', () => {
    const job = item({ 'start-time': 'startup', interval: '0s' })
    expect(nextRun(job, T0, T0, undefined, true)).toBe(T0)
    expect(nextRun(job, T0, T0, undefined)).toBeUndefined()
  })

  it('ignores disabled jobs', () => {
    expect(
      nextRun(item({ 'start-time': '12:10:00', disabled: 'true' }), T0, T0, undefined),
    ).toBeUndefined()
  })
})

describe('scheduler on a device', () => {
  it('fires interval jobs on the clock and counts runs', () => {
    const clock = new ManualClock(T0)
    const dev = new SimRouter({ persona: 'chr-7.18', clock })
    dev.exec(
      '/system/scheduler',
      'add',
      { name: 'tick', 'start-time': '12:00:30', interval: '1m', 'on-event': ':log info tick' },
      admin,
    )
    clock.advance(5 * 60_000)
    const job = dev.exec('/system/scheduler', 'print', {}, admin).rows?.[0]
    expect(job?.['run-count']).toBe('5')
    expect(dev.logEntries.filter((e) => e.message === 'tick')).toHaveLength(5)
    dev.exec('/system/scheduler', 'disable', { numbers: 'tick' }, admin)
    clock.advance(5 * 60_000)
    expect(dev.logEntries.filter((e) => e.message === 'tick')).toHaveLength(5)
  })

  it('runs a named /system/script from on-event and startup jobs after a reboot', () => {
    const clock = new ManualClock(T0)
    const dev = new SimRouter({ persona: 'rb5009-7.15', clock, rebootDelayMs: 1000 })
    dev.exec(
      '/system/script',
      'add',
      { name: 'boot-note', source: ':log info booted-script' },
      admin,
    )
    dev.exec(
      '/system/scheduler',
      'add',
      { name: 'on-boot', 'start-time': 'startup', 'on-event': 'boot-note' },
      admin,
    )
    clock.advance(60_000)
    expect(dev.logEntries.some((e) => e.message === 'booted-script')).toBe(false)
    dev.reboot()
    clock.advance(1000)
    clock.advance(0)
    expect(dev.logEntries.filter((e) => e.message === 'booted-script')).toHaveLength(1)
  })
})
