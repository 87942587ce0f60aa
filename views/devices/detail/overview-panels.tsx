import type { DeviceView } from '../../../src/devices/devices.types.ts'
import type {
  ChartRange,
  HealthFacts,
  OverviewData,
} from '../../../src/dashboard/device-detail.types.ts'
import { formatDuration, formatValue } from '../../components/chart-format.ts'
import { SvgChart } from '../../components/svg-chart.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { Freshness, isAnswering } from './freshness.tsx'
import { LiveRegion } from './live-region.tsx'
import { RangePicker } from './range-picker.tsx'

const MIB = 1024 * 1024
const size = (b: number) =>
  b >= 1024 * MIB ? `${(b / 1024 / MIB).toFixed(1)} GiB` : `${Math.round(b / MIB)} MiB`
const used = (u: number | undefined, t: number | undefined) =>
  u === undefined || t === undefined || t <= 0
    ? '—'
    : `${size(u)} of ${size(t)} (${Math.round((u / t) * 100)} %)`

interface CardProps {
  h: HealthFacts
  device: DeviceView
  now: number
  timeZone: string | undefined
}

/** Last successful poll, and the last attempt when it failed (its time alone said nothing). */
function PollFacts(props: CardProps) {
  const d = props.device
  const failed = !isAnswering(d) && d.lastPolledAt !== null && d.lastPolledAt !== d.lastSeenAt
  return (
    <>
      <dt>Last successful poll</dt>
      <dd>
        <RelativeTime at={d.lastSeenAt} now={props.now} timeZone={props.timeZone} />
      </dd>
      {failed && (
        <>
          <dt>Last attempt</dt>
          <dd>
            failed <RelativeTime at={d.lastPolledAt} now={props.now} timeZone={props.timeZone} />
          </dd>
        </>
      )}
    </>
  )
}

function HealthCard(props: CardProps) {
  const { h, device: d, now, timeZone } = props
  const age = (at: number | undefined) => (
    <Freshness at={at} device={d} now={now} timeZone={timeZone} />
  )
  return (
    <div class="card">
      <h2>Health</h2>
      {!isAnswering(d) && d.lastSeenAt !== null && (
        <p class="muted" data-last-known>
          The device is not answering: the values below are the last known ones.
        </p>
      )}
      <dl class="facts">
        <PollFacts {...props} />
        <dt>Uptime</dt>
        <dd data-fact="uptime">
          {h.uptimeS === undefined ? '—' : formatDuration(h.uptimeS)}
          {h.uptimeS !== undefined && age(h.uptimeAt)}
        </dd>
        <dt>CPU</dt>
        <dd data-fact="cpu">
          {h.cpuLoad === undefined ? '—' : formatValue(h.cpuLoad, 'percent')}
          {h.cpuCount !== undefined && ` of ${h.cpuCount} core${h.cpuCount === 1 ? '' : 's'}`}
          {h.architecture && ` (${h.architecture})`}
          {h.cpuLoad !== undefined && age(h.cpuAt)}
        </dd>
        <dt>Memory</dt>
        <dd data-fact="memory">
          {used(h.memUsed, h.memTotal)}
          {h.memUsed !== undefined && age(h.memAt)}
        </dd>
        <dt>Storage</dt>
        <dd data-fact="storage">
          {used(h.diskUsed, h.diskTotal)}
          {h.diskUsed !== undefined && age(h.diskAt)}
        </dd>
      </dl>
    </div>
  )
}

function SensorsCard(props: CardProps) {
  return (
    <div class="card">
      <h2>Sensors</h2>
      <dl class="facts">
        {props.h.sensors.map((s) => (
          <>
            <dt>{s.name}</dt>
            <dd>
              {s.value}
              <Freshness
                at={props.h.sensorsAt}
                device={props.device}
                now={props.now}
                timeZone={props.timeZone}
              />
            </dd>
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
  /** the user's time zone: charts and exact times are printed in it */
  timeZone?: string | undefined
}

export const overviewUrl = (id: string, r: ChartRange) => `/devices/${id}/overview?range=${r}`

/** The overview tab's health card and resource charts; refreshes itself on live messages. */
export function OverviewPanels(props: OverviewPanelsProps) {
  const { device: d, data } = props
  const w = data.window
  const base = { from: w.from, to: w.to, gapMs: w.gapMs, timeZone: props.timeZone }
  const card = { h: data.health, device: d, now: props.now, timeZone: props.timeZone }
  return (
    <LiveRegion id="device-overview" deviceId={d.id} url={overviewUrl(d.id, w.range)}>
      <div class="card-grid">
        <HealthCard {...card} />
        {data.health.sensors.length > 0 && <SensorsCard {...card} />}
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
