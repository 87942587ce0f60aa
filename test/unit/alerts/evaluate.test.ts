import { describe, expect, it } from 'vitest'
import { AlertEvaluator, effectiveRules } from '../../../src/alerts/evaluate.ts'
import { DEFAULT_RULES, type Rule } from '../../../src/alerts/rules.ts'

const T0 = Date.UTC(2026, 10, 1, 12)
const MIN = 60_000
const rules: Rule[] = DEFAULT_RULES.map((r, i) => ({ ...r, id: `r${i}` }))
const byKind = (k: string) => rules.find((r) => r.kind === k) as Rule

describe('AlertEvaluator', () => {
  it('opens CPU > 90 % only after it held for 5 minutes, and resolves with hysteresis', () => {
    const ev = new AlertEvaluator()
    const cpu = [byKind('cpu')]
    const poll = (t: number, v: number) =>
      ev.polled(cpu, 'd1', 'online', [{ metric: 'cpu', value: v }], T0 + t)
    expect(poll(0, 95)).toEqual([])
    expect(poll(4 * MIN, 97)).toEqual([])
    const opened = poll(5 * MIN, 96)
    expect(opened).toMatchObject([{ type: 'open', deviceId: 'd1', value: 96 }])
    expect(poll(6 * MIN, 99)).toEqual([]) // already open: no second alert
    expect(poll(7 * MIN, 88)).toEqual([]) // below 90 but not 5 below: still open (hysteresis)
    expect(poll(8 * MIN, 85)).toMatchObject([{ type: 'resolve', value: 85 }])
  })

  it('restarts the duration when the value dips in between', () => {
    const ev = new AlertEvaluator()
    const cpu = [byKind('cpu')]
    const poll = (t: number, v: number) =>
      ev.polled(cpu, 'd1', 'online', [{ metric: 'cpu', value: v }], T0 + t)
    poll(0, 95)
    poll(3 * MIN, 50)
    expect(poll(5 * MIN, 95)).toEqual([])
    expect(poll(10 * MIN, 95)).toHaveLength(1)
  })

  it('needs the given number of consecutive polls', () => {
    const ev = new AlertEvaluator()
    const rule: Rule = { ...byKind('disk'), polls: 3 }
    const poll = (t: number) =>
      ev.polled([rule], 'd1', 'online', [{ metric: 'disk_used', value: 95 }], T0 + t)
    expect(poll(0)).toEqual([])
    expect(poll(MIN)).toEqual([])
    expect(poll(2 * MIN)).toHaveLength(1)
  })

  it('opens "offline" after 2 minutes offline and resolves when the device answers again', () => {
    const ev = new AlertEvaluator()
    const off = [byKind('offline')]
    expect(ev.polled(off, 'd1', 'offline', [], T0)).toEqual([])
    expect(ev.polled(off, 'd1', 'offline', [], T0 + MIN)).toEqual([])
    expect(ev.polled(off, 'd1', 'offline', [], T0 + 2 * MIN)).toMatchObject([{ type: 'open' }])
    expect(ev.polled(off, 'd1', 'unknown', [], T0 + 3 * MIN)).toEqual([])
    expect(ev.polled(off, 'd1', 'online', [], T0 + 4 * MIN)).toMatchObject([{ type: 'resolve' }])
  })

  it('watches every temperature sensor separately', () => {
    const ev = new AlertEvaluator()
    const out = ev.polled(
      [byKind('temperature')],
      'd1',
      'online',
      [
        { metric: 'temperature', label: 'board-temperature1', value: 75 },
        { metric: 'temperature', label: 'cpu-temperature', value: 60 },
      ],
      T0,
    )
    expect(out).toMatchObject([{ type: 'open', label: 'board-temperature1' }])
  })

  it('never fires a rule whose data the router does not deliver (a v7 router without wireless)', () => {
    const ev = new AlertEvaluator()
    for (let i = 0; i < 10; i++) {
      expect(
        ev.polled(
          rules,
          'd1',
          'online',
          [
            { metric: 'cpu', value: 10 },
            { metric: 'uptime', value: 100 + i * 60 },
          ],
          T0 + i * MIN,
        ),
      ).toEqual([])
    }
  })

  it('opens an event rule on the event and resolves it once it is durationS old', () => {
    const ev = new AlertEvaluator()
    const reboot = [byKind('rebooted')]
    expect(ev.event(reboot, 'd1', 'rebooted', T0)).toMatchObject([{ type: 'open', value: null }])
    expect(ev.event(reboot, 'd1', 'rebooted', T0 + MIN)).toEqual([])
    expect(ev.polled(reboot, 'd1', 'online', [], T0 + 5 * MIN)).toEqual([])
    expect(ev.polled(reboot, 'd1', 'online', [], T0 + 15 * MIN)).toMatchObject([
      { type: 'resolve' },
    ])
  })

  it('continues an alert seeded from the database instead of opening a second one', () => {
    const ev = new AlertEvaluator()
    const cpu = byKind('cpu')
    ev.seedOpen('d1', cpu.id, null, T0)
    expect(ev.polled([cpu], 'd1', 'online', [{ metric: 'cpu', value: 99 }], T0 + 10 * MIN)).toEqual(
      [],
    )
    expect(
      ev.polled([cpu], 'd1', 'online', [{ metric: 'cpu', value: 10 }], T0 + 11 * MIN),
    ).toMatchObject([{ type: 'resolve' }])
  })
})

describe('effectiveRules', () => {
  const tenantCpu = byKind('cpu')
  const place = { siteId: 's1', tagIds: ['t1'] }
  it('lets a device rule override the tenant rule of the same kind', () => {
    const mine: Rule = {
      ...tenantCpu,
      id: 'dev',
      threshold: 99,
      scopeKind: 'device',
      scopeId: 'd1',
    }
    expect(effectiveRules([tenantCpu, mine], 'd1', place).map((r) => r.id)).toEqual(['dev'])
    expect(effectiveRules([tenantCpu, mine], 'd2', place).map((r) => r.id)).toEqual([tenantCpu.id])
  })
  it('mutes a kind on a device with a disabled device rule', () => {
    const mute: Rule = {
      ...tenantCpu,
      id: 'mute',
      scopeKind: 'device',
      scopeId: 'd1',
      enabled: false,
    }
    expect(effectiveRules([tenantCpu, mute], 'd1', place)).toEqual([])
  })
  it('applies site and tag rules to the devices there', () => {
    const site: Rule = { ...tenantCpu, id: 'site', scopeKind: 'site', scopeId: 's1' }
    const tag: Rule = { ...tenantCpu, id: 'tag', scopeKind: 'tag', scopeId: 't1' }
    expect(effectiveRules([tenantCpu, site], 'd1', place).map((r) => r.id)).toEqual(['site'])
    expect(effectiveRules([site, tag], 'd1', place).map((r) => r.id)).toEqual(['tag'])
    expect(effectiveRules([site], 'd1', { siteId: null, tagIds: [] })).toEqual([])
  })
})
