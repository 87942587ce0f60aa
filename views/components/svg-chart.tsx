import { formatTick, formatTime, formatValue, type ChartUnit } from './chart-format.ts'

export interface ChartPoint {
  /** epoch ms */
  t: number
  v: number
}

export interface ChartSeries {
  name: string
  points: readonly ChartPoint[]
}

export interface SvgChartProps {
  /** unique on the page: used for the ids the accessible name points at */
  id: string
  title: string
  unit: ChartUnit
  /** the time window drawn, epoch ms */
  from: number
  to: number
  /** up to three series, drawn in the chart's series colours 1, 2, 3 */
  series: readonly ChartSeries[]
  /** points further apart than this are not joined (a gap: device offline, poller stopped) */
  gapMs: number
  /** fixed top of the y axis (100 for percents); otherwise a round number above the data */
  yMax?: number
  width?: number
  height?: number
  /** the zone the time axis is printed in (the user's; UTC by default), named in the caption */
  timeZone?: string | undefined
}

const M = { top: 12, right: 12, bottom: 24, left: 80 }

/** A round axis top >= max: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p
  return 10 * p
}

/** Path data for one series: "M x y L x y …", starting a new "M" after each gap. */
export function linePath(
  points: readonly ChartPoint[],
  x: (t: number) => number,
  y: (v: number) => number,
  gapMs: number,
): string {
  let d = ''
  let prev: number | undefined
  for (const p of points) {
    const cmd = prev === undefined || p.t - prev > gapMs ? 'M' : 'L'
    d += `${d ? ' ' : ''}${cmd}${x(p.t).toFixed(1)} ${y(p.v).toFixed(1)}`
    prev = p.t
  }
  return d
}

/** Points with no neighbour within gapMs: drawn as dots, since a line needs two ends. */
function isolated(points: readonly ChartPoint[], gapMs: number): ChartPoint[] {
  return points.filter((p, i) => {
    const before = points[i - 1]
    const after = points[i + 1]
    return (
      (before === undefined || p.t - before.t > gapMs) &&
      (after === undefined || after.t - p.t > gapMs)
    )
  })
}

function summary(props: SvgChartProps): string {
  const parts = props.series.map((s) => {
    const last = s.points.at(-1)
    if (last === undefined) return `${s.name}: no data`
    const max = Math.max(...s.points.map((p) => p.v))
    return `${s.name}: latest ${formatValue(last.v, props.unit)}, peak ${formatValue(max, props.unit)}`
  })
  return `${formatTime(props.from, props.timeZone)} to ${formatTime(props.to, props.timeZone)}. ${parts.join('; ')}.`
}

/**
 * A time-series line chart drawn on the server as SVG: y grid with labels, time axis, one path per
 * series (broken at gaps), dots for isolated points, and an accessible name and description. Pure:
 * everything it shows comes from its props. Colours come from CSS classes (light and dark themes).
 */
export function SvgChart(props: SvgChartProps) {
  const w = props.width ?? 560
  const h = props.height ?? 200
  const iw = w - M.left - M.right
  const ih = h - M.top - M.bottom
  const span = Math.max(1, props.to - props.from)
  const all = props.series.flatMap((s) => s.points)
  const top = props.yMax ?? niceMax(Math.max(0, ...all.map((p) => p.v)))
  const x = (t: number) => M.left + ((t - props.from) / span) * iw
  const y = (v: number) => M.top + ih - (Math.min(Math.max(v, 0), top) / top) * ih
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top)
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => props.from + f * span)
  const titleId = `${props.id}-title`
  const descId = `${props.id}-desc`
  return (
    <figure class="chart" id={props.id}>
      <svg
        class="chart-svg"
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{all.length === 0 ? 'No data for this period.' : summary(props)}</desc>
        {yTicks.map((v) => (
          <g class="chart-grid">
            <line x1={M.left} x2={w - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v) + 4} text-anchor="end">
              {formatValue(v, props.unit)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            class="chart-tick"
            x={x(t)}
            y={h - 6}
            text-anchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
          >
            {formatTick(t, span, props.timeZone)}
          </text>
        ))}
        {props.series.map((s, i) => (
          <g class={`chart-series chart-series-${i + 1}`}>
            {s.points.length > 1 && <path d={linePath(s.points, x, y, props.gapMs)} fill="none" />}
            {isolated(s.points, props.gapMs).map((p) => (
              <circle cx={x(p.t)} cy={y(p.v)} r="2.5" />
            ))}
          </g>
        ))}
        {all.length === 0 && (
          <text class="chart-empty" x={M.left + iw / 2} y={M.top + ih / 2} text-anchor="middle">
            No data for this period
          </text>
        )}
      </svg>
      <figcaption class="chart-caption">
        <span class="chart-title">{props.title}</span>
        {props.series.length > 1 &&
          props.series.map((s, i) => <span class={`chart-key chart-key-${i + 1}`}>{s.name}</span>)}
        <span class="chart-zone muted">Times in {props.timeZone ?? 'UTC'}</span>
      </figcaption>
    </figure>
  )
}
