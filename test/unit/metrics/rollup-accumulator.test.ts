import { describe, expect, it } from 'vitest'
import { RollupAccumulator } from '../../../src/metrics/rollup-accumulator.ts'

describe('RollupAccumulator', () => {
  it('closes a bucket with avg, max and count when a later bucket starts', () => {
    const acc = new RollupAccumulator(300)
    expect(acc.add(3, 600, 10)).toBeUndefined()
    expect(acc.add(3, 660, 30)).toBeUndefined()
    expect(acc.add(3, 899, 20)).toBeUndefined()
    expect(acc.add(3, 900, 5)).toEqual({ seriesId: 3, ts: 600, avg: 20, max: 30, n: 3 })
  })

  it('keeps series apart and grows past its initial size', () => {
    const acc = new RollupAccumulator(60)
    acc.add(5000, 0, 1)
    acc.add(7, 0, 100)
    expect(acc.add(5000, 60, 1)).toMatchObject({ seriesId: 5000, avg: 1 })
    expect(
      acc
        .drain()
        .map((b) => b.seriesId)
        .sort((a, b) => a - b),
    ).toEqual([7, 5000])
  })

  it('drains only buckets that ended before the given time', () => {
    const acc = new RollupAccumulator(300)
    acc.add(1, 0, 1)
    acc.add(2, 600, 1)
    expect(acc.drain(300).map((b) => b.seriesId)).toEqual([1])
    expect(acc.drain(300)).toEqual([])
    expect(acc.drain().map((b) => b.seriesId)).toEqual([2])
  })
})

describe('compact', () => {
  it('rounds large averages to integers and keeps two decimals of small ones', async () => {
    const { compact } = await import('../../../src/metrics/rollup-accumulator.ts')
    expect(compact(1234567.89)).toBe(1234568)
    expect(compact(45.678)).toBe(45.68)
    expect(compact(-61.333)).toBe(-61.33)
  })
})
