import type { DeviceView } from '../../../src/devices/devices.types.ts'
import type {
  ChartRange,
  HealthFacts,
  OverviewData,
} from '../../../src/dashboard/device-detail.types.ts'
import { formatDuration, formatValue } from '../../components/chart-format.ts'
import { SvgChart } from '../../components/svg-chart.tsx'
import { relativeTime } from '../relative-time.ts'
import { LiveRegion } from './live-region.tsx'
import { RangePicker } from './range-picker.tsx'

const MIB = 1024 * 1024
const size = (b: number) =>
  b >= 1024 * MIB ? `${(b / 1024 / MIB).toFixed(1)} GiB` : `${Math.round(b / MIB)} MiB`
const used = (u: number | undefined, t: number | undefined) =>
  u === undefined || t === undefined || t <= 0
    ? '—'
    : `${size(u)} of ${size(t)} (${Math.round((u / t) * 100)} %)`

function HealthCard(props: { h: HealthFacts; device: DeviceView; now: number }) {
  const h = props.h
  return (
    <div class="card">
      <h2>Health</h2>
      <dl class="facts">
        <dt>Last poll</dt>
        <dd>{relativeTime(props.device.lastPolledAt, props.now)}</dd>
        <dt>Uptime</dt>
        <dd>{h.uptimeS === undefined ? '—' : formatDuration(h.uptimeS)}</dd>
        <dt>CPU</dt>
        <dd>
          {h.cpuLoad === undefined ? '—' : formatValue(h.cpuLoad, 'percent')}
          {h.cpuCount !== undefined && ` of ${h.cpuCount} core${h.cpuCount === 1 ? '' : 's'}`}
          {h.architecture && ` (${h.architecture})`}
        </dd>
        <dt>Memory</dt>
        <dd>{used(h.memUsed, h.memTotal)}</dd>
        <dt>Storage</dt>
        <dd>{used(h.diskUsed, h.diskTotal)}</dd>
      </dl>
    </div>
  )
}

function SensorsCard(props: { sensors: HealthFacts['sensors'] }) {
  return (
    <div class="card">
      <h2>Sensors</h2>
      <dl class="facts">
        {props.sensors.map((s) => (
          <>
            <dt>{s.name}</dt>
            <dd>{s.value}</dd>
          </>
        ))}
      </dl>
    </div>
  )
}

export interface OverviewPanelsProps {
  device: DeviceView
  data: OverviewData
  now: number
}

export const overviewUrl = (id: string, r: ChartRange) => `/devices/${id}/overview?range=${r}`

/** The overview tab's health card and resource charts; refreshes itself on live messages. */
export function OverviewPanels(props: OverviewPanelsProps) {
  const { device: d, data } = props
  const w = data.window
  const base = { from: w.from, to: w.to, gapMs: w.gapMs }
  return (
    <LiveRegion id="device-overview" deviceId={d.id} url={overviewUrl(d.id, w.range)}>
      <div class="card-grid">
        <HealthCard h={data.health} device={d} now={props.now} />
        {data.health.sensors.length > 0 && <SensorsCard sensors={data.health.sensors} />}
      </div>
      <section class="card charts" aria-labelledby="resources-title">
        <div class="card-header">
          <h2 id="resources-title">Resources</h2>
          <RangePicker
            current={w.range}
            href={(r) => `/devices/${d.id}?range=${r}`}
            fragment={{ url: (r) => overviewUrl(d.id, r), target: '#device-overview' }}
          />
        </div>
        <div class="chart-grid">
          <SvgChart
            id="chart-cpu"
            title="CPU load"
            unit="percent"
            yMax={100}
            {...base}
            series={[{ name: 'CPU', points: data.cpu }]}
          />
          <SvgChart
            id="chart-mem"
            title="Memory used"
            unit="percent"
            yMax={100}
            {...base}
            series={[{ name: 'Memory', points: data.mem }]}
          />
          <SvgChart
            id="chart-disk"
            title="Storage used"
            unit="percent"
            yMax={100}
            {...base}
            series={[{ name: 'Storage', points: data.disk }]}
          />
          {data.temperature.length > 0 && (
            <SvgChart
              id="chart-temperature"
              title="Temperature"
              unit="celsius"
              {...base}
              series={data.temperature.map((s) => ({ name: s.label, points: s.points }))}
            />
          )}
        </div>
      </section>
    </LiveRegion>
  )
}

/** Placeholder the overview page renders; htmx loads the panels right away (and live after). */
export function OverviewLoader(props: { deviceId: string; range?: ChartRange }) {
  return (
    <div
      id="device-overview"
      hx-get={overviewUrl(props.deviceId, props.range ?? '1h')}
      hx-trigger="load"
      hx-swap="outerHTML"
      aria-busy="true"
    >
      <p class="muted">Loading health and charts…</p>
    </div>
  )
}
