// The server-drawn chart is a pure function of its props: edge cases (no data, one point, gaps,
// values outside the axis) and its accessible name and description.
import { describe, expect, it } from 'vitest'
import { formatBps, formatDuration, formatTick } from '../../../../views/components/chart-format.ts'
import {
  linePath,
  niceMax,
  SvgChart,
  type SvgChartProps,
} from '../../../../views/components/svg-chart.tsx'

const T0 = Date.UTC(2026, 10, 23, 12, 0)
const MIN = 60_000

function chart(over: Partial<SvgChartProps> = {}): string {
  const props: SvgChartProps = {
    id: 'c1',
    title: 'CPU load',
    unit: 'percent',
    from: T0,
    to: T0 + 60 * MIN,
    gapMs: 3 * MIN,
    series: [],
    yMax: 100,
    ...over,
  }
  return String(SvgChart(props))
}

const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1] as string)

describe('SvgChart', () => {
  it('says there is no data, with axes still drawn, when a series is empty', () => {
    const svg = chart({ series: [{ name: 'CPU', points: [] }] })
    expect(svg).toContain(
      '<svg class="chart-svg" viewBox="0 0 560 200" role="img" aria-labelledby="c1-title c1-desc">',
    )
    expect(svg).toContain('<title id="c1-title">CPU load</title>')
    expect(svg).toContain('<desc id="c1-desc">No data for this period.</desc>')
    expect(svg).toContain('No data for this period</text>')
    expect(svg).toContain('>100 %</text>')
    expect(paths(svg)).toEqual([])
  })

  it('draws a single point as a dot (a line needs two ends)', () => {
    const svg = chart({ series: [{ name: 'CPU', points: [{ t: T0 + 30 * MIN, v: 50 }] }] })
    expect(paths(svg)).toEqual([])
    expect(svg.match(/<circle /g)?.length).toBe(1)
    expect(svg).toContain('<circle cx="314" cy="94" r="2.5">')
    expect(svg).toContain('CPU: latest 50 %, peak 50 %')
  })

  it('breaks the line at gaps longer than gapMs and dots the points left alone', () => {
    const points = [0, 1, 2, 10, 11, 20].map((m) => ({ t: T0 + m * MIN, v: 10 }))
    const svg = chart({ series: [{ name: 'CPU', points }] })
    const [d] = paths(svg)
    expect(d?.match(/M/g)?.length).toBe(3)
    expect(d?.match(/L/g)?.length).toBe(3)
    expect(svg.match(/<circle /g)?.length).toBe(1)
  })

  it('keeps out-of-range values inside the plot', () => {
    const svg = chart({
      series: [
        {
          name: 'CPU',
          points: [
            { t: T0, v: 150 },
            { t: T0 + MIN, v: -5 },
          ],
        },
      ],
    })
    expect(paths(svg)[0]).toBe('M80.0 12.0 L87.8 176.0')
  })

  it('scales the y axis to a round number above the data when no maximum is given', () => {
    const svg = chart({
      unit: 'bps',
      yMax: undefined,
      series: [
        {
          name: 'Receive',
          points: [
            { t: T0, v: 7_300_000 },
            { t: T0 + MIN, v: 1 },
          ],
        },
      ],
    })
    expect(svg).toContain('>10 Mbit/s</text>')
    expect(svg).toContain('>5 Mbit/s</text>')
  })

  it('names every series in a key when there are several, escaping labels', () => {
    const svg = chart({
      series: [
        { name: 'rx <in>', points: [] },
        { name: 'tx', points: [] },
      ],
    })
    expect(svg).toContain('<span class="chart-key chart-key-1">rx &lt;in&gt;</span>')
    expect(svg).toContain('<span class="chart-key chart-key-2">tx</span>')
  })
})

describe('chart helpers', () => {
  it('niceMax rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.3, 7, 12, 24, 26, 99, 100, 101].map(niceMax)).toEqual([
      1, 0.5, 10, 20, 25, 50, 100, 100, 200,
    ])
  })

  it('linePath joins points closer than the gap only', () => {
    const x = (t: number) => t
    const y = (v: number) => v
    expect(
      linePath(
        [
          { t: 0, v: 1 },
          { t: 5, v: 2 },
          { t: 50, v: 3 },
        ],
        x,
        y,
        10,
      ),
    ).toBe('M0.0 1.0 L5.0 2.0 M50.0 3.0')
  })

  it('formats rates, durations and ticks', () => {
    expect(formatBps(999)).toBe('999 bit/s')
    expect(formatBps(2_500_000)).toBe('2.5 Mbit/s')
    expect(formatDuration(93_784)).toBe('1d 2h')
    expect(formatTick(T0, 3_600_000)).toBe('12:00')
    expect(formatTick(T0, 7 * 86_400_000)).toBe('23 Nov')
  })
})
