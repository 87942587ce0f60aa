import type { TopEntry } from '../../src/dashboard/fleet-summary.ts'
import { formatValue, type ChartUnit } from '../components/chart-format.ts'

interface TopListProps {
  title: string
  entries: readonly TopEntry[]
  unit: ChartUnit
  /** the meter's full scale: 100 for percents, otherwise the largest entry */
  max?: number
}

/** "Top CPU" and friends: device, a meter, the value. */
export function TopList(props: TopListProps) {
  const max = props.max ?? Math.max(1, ...props.entries.map((e) => e.value))
  return (
    <section class="card top-list" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.entries.length === 0 ? (
        <p class="muted">No readings yet.</p>
      ) : (
        <ol>
          {props.entries.map((e) => (
            <li>
              <a href={`/devices/${e.deviceId}`}>{e.name}</a>
              <meter
                min={0}
                max={max}
                value={e.value}
                aria-label={`${e.name}: ${formatValue(e.value, props.unit)}`}
              ></meter>
              <span class="top-value">{formatValue(e.value, props.unit)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
