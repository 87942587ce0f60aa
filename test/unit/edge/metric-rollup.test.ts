import { describe, expect, it } from 'vitest'
import { MetricRollup, ROLLUP_MS } from '../../../src/edge/metric-rollup.ts'

const t0 = 1_000 * ROLLUP_MS

describe('MetricRollup', () => {
  it('answers the 5-minute averages of a device when its next bucket starts', () => {
    const r = new MetricRollup()
    expect(
      r.add('d1', t0, [
        { metric: 'cpu', value: 10 },
        { metric: 'if_rx', label: 'ether1', value: 100 },
      ]),
    ).toBeUndefined()
    expect(r.add('d2', t0, [{ metric: 'cpu', value: 90 }])).toBeUndefined()
    expect(
      r.add('d1', t0 + 60_000, [
        { metric: 'cpu', value: 20 },
        { metric: 'if_rx', label: 'ether1', value: 300 },
      ]),
    ).toBeUndefined()
    expect(r.add('d1', t0 + ROLLUP_MS, [{ metric: 'cpu', value: 50 }])).toEqual({
      at: t0,
      points: [
        { metric: 'cpu', value: 15 },
        { metric: 'if_rx', label: 'ether1', value: 200 },
      ],
    })
    expect(r.add('d2', t0 + 2 * ROLLUP_MS, [])).toEqual({
      at: t0,
      points: [{ metric: 'cpu', value: 90 }],
    })
  })

  it('leaves the original untouched while a fork builds a batch that may fail', () => {
    const r = new MetricRollup()
    r.add('d1', t0, [{ metric: 'cpu', value: 10 }])
    const f = r.fork()
    f.add('d1', t0 + 1000, [{ metric: 'cpu', value: 30 }])
    expect(r.add('d1', t0 + ROLLUP_MS, [])).toEqual({
      at: t0,
      points: [{ metric: 'cpu', value: 10 }],
    })
    expect(f.add('d1', t0 + ROLLUP_MS, [])).toEqual({
      at: t0,
      points: [{ metric: 'cpu', value: 20 }],
    })
  })
})
