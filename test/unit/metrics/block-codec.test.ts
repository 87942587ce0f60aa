import { describe, expect, it } from 'vitest'
import { decodeBlock, decodeSeries, encodeBlock } from '../../../src/metrics/block-codec.ts'

const B = 1_767_225_600 // a block start (s)

describe('encodeBlock / decodeSeries', () => {
  it('gives raw samples back exactly: integers, hundredths, other fractions, large and negative values', () => {
    const series = [
      { seriesId: 3, ts: [B + 1, B + 61, B + 122], cols: [[12, 13, 11]] },
      { seriesId: 9, ts: [B + 1, B + 61], cols: [[24.1, 23.95]] },
      { seriesId: 10, ts: [B + 5, B + 65], cols: [[1 / 3, Math.PI]] },
      { seriesId: 11, ts: [B, B + 60, B + 120], cols: [[9_876_543_210_123, 4_000_000_001, -60]] },
    ]
    const blob = encodeBlock(series, B, 1, false)
    for (const s of series) expect(decodeSeries(blob, s.seriesId, B, 1, false)).toEqual(s)
    expect(decodeBlock(blob, B, 1, false)).toEqual(series)
  })

  it('keeps rollups to four significant digits of the largest value, counts and times exactly', () => {
    const avg = [5_123_456, 4_987_654, 12_345, 0]
    const max = [6_000_001, 5_100_000, 20_000, 0]
    const s = {
      seriesId: 1,
      ts: [B, B + 300, B + 600, B + 1500],
      cols: [avg, max],
      n: [5, 5, 4, 1],
    }
    const got = decodeSeries(encodeBlock([s], B, 300, true), 1, B, 300, true)
    expect(got?.ts).toEqual(s.ts)
    expect(got?.n).toEqual(s.n)
    const tolerance = 6_000_001 * 0.0005
    got?.cols.forEach((col, c) =>
      col.forEach((v, i) =>
        expect(Math.abs(v - (s.cols[c]?.[i] as number))).toBeLessThanOrEqual(tolerance),
      ),
    )
  })

  it('keeps small rollup values (percent, °C) to their two decimals', () => {
    const s = {
      seriesId: 2,
      ts: [B, B + 300],
      cols: [
        [23.45, 41.07],
        [30, 45.5],
      ],
      n: [5, 5],
    }
    expect(decodeSeries(encodeBlock([s], B, 300, true), 2, B, 300, true)).toEqual(s)
  })

  it('answers undefined for a series the block does not hold', () => {
    const blob = encodeBlock([{ seriesId: 1, ts: [B], cols: [[1]] }], B, 1, false)
    expect(decodeSeries(blob, 2, B, 1, false)).toBeUndefined()
  })

  it('packs a day of smooth per-minute values in about a byte each', () => {
    const ts = Array.from({ length: 120 }, (_, i) => B + i * 60)
    const series = Array.from({ length: 25 }, (_, k) => ({
      seriesId: k,
      ts,
      cols: [ts.map((_, i) => Math.round(5e6 * (1.2 + Math.sin((i + k) / 30))))],
    }))
    expect(encodeBlock(series, B, 1, false).length).toBeLessThan(25 * 120 * 3)
  })
})
