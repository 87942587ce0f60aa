import type {
  ChartRange,
  InterfaceRow,
  InterfacesData,
} from '../../../src/dashboard/device-detail.types.ts'
import { formatBps } from '../../components/chart-format.ts'
import { StatusBadge } from '../../components/status-badge.tsx'
import { SvgChart } from '../../components/svg-chart.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { Freshness, type FreshnessDevice } from './freshness.tsx'
import { LiveRegion } from './live-region.tsx'
import { RangePicker } from './range-picker.tsx'
import { DataTable, type Header } from '../../components/data-table.tsx'

const INTERFACE_HEADERS: Header[] = [
  'Name',
  'Type',
  'Status',
  { label: 'Receive', class: 'num' },
  { label: 'Transmit', class: 'num' },
  'MAC address',
]

function LinkState(props: { i: InterfaceRow }) {
  if (props.i.disabled) return <StatusBadge label="disabled" tone="muted" />
  return props.i.running ? (
    <StatusBadge label="running" tone="ok" />
  ) : (
    <StatusBadge label="no link" tone="warn" />
  )
}

const rate = (v: number | undefined) => (v === undefined ? '—' : formatBps(v))
const slug = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_')
export const interfacesUrl = (id: string, r: ChartRange) => `/devices/${id}/interfaces?range=${r}`

/** Interfaces tab: link state and current rates of every interface, then traffic charts. */
export function InterfacesTab(props: {
  deviceId: string
  data: InterfacesData
  now: number
  /** the device: rates not from its last successful poll say how old they are (issue 15) */
  device?: FreshnessDevice | undefined
  timeZone?: string | undefined
}) {
  const { data } = props
  const age = (at: number | undefined) =>
    props.device && (
      <Freshness at={at} device={props.device} now={props.now} timeZone={props.timeZone} />
    )
  const w = data.window
  const charted = data.interfaces.filter((i) => i.hasSeries)
  return (
    <LiveRegion
      id="device-tab"
      deviceId={props.deviceId}
      url={interfacesUrl(props.deviceId, w.range)}
    >
      <section class="card">
        <h2>Interfaces</h2>
        {data.interfaces.length === 0 ? (
          <p class="muted">No interface list yet: it appears after the first successful poll.</p>
        ) : (
          <>
            <p class="muted">
              Read <RelativeTime at={data.at ?? null} now={props.now} timeZone={props.timeZone} />
              {age(data.at)}.
            </p>
            <DataTable caption="Interfaces" headers={INTERFACE_HEADERS}>
              {data.interfaces.map((i) => (
                <tr>
                  <td>
                    {i.name}
                    {i.comment && <div class="muted">{i.comment}</div>}
                  </td>
                  <td>{i.type ?? ''}</td>
                  <td>
                    <LinkState i={i} />
                  </td>
                  <td class="num">{rate(i.rxBps)}</td>
                  <td class="num">
                    {rate(i.txBps)}
                    {i.rateAt !== undefined && age(i.rateAt)}
                  </td>
                  <td class="mono">{i.macAddress ?? ''}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </section>
      <section class="card charts" aria-labelledby="traffic-title">
        <div class="card-header">
          <h2 id="traffic-title">Traffic</h2>
          <RangePicker current={w.range} href={(r) => interfacesUrl(props.deviceId, r)} />
        </div>
        {charted.length === 0 ? (
          <p class="muted">
            No traffic measured yet: rates need two polls of an interface with link.
          </p>
        ) : (
          <div class="chart-grid">
            {charted.map((i) => (
              <SvgChart
                id={`chart-if-${slug(i.name)}`}
                title={`${i.name} traffic`}
                unit="bps"
                from={w.from}
                to={w.to}
                gapMs={w.gapMs}
                timeZone={props.timeZone}
                series={[
                  { name: 'Receive', points: i.rx },
                  { name: 'Transmit', points: i.tx },
                ]}
              />
            ))}
          </div>
        )}
      </section>
    </LiveRegion>
  )
}
