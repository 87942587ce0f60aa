import type { ClientsData, WirelessRow } from '../../../src/dashboard/device-detail.types.ts'
import { formatDuration } from '../../components/chart-format.ts'
import { StatusBadge } from '../../components/status-badge.tsx'
import { relativeTime } from '../relative-time.ts'
import { LiveRegion } from './live-region.tsx'
import { DataTable } from '../../components/data-table.tsx'

/** Signal quality in words as well as dBm (colour only repeats the words). */
function Signal(props: { c: WirelessRow }) {
  const s = props.c.signal
  if (s === undefined) return <>—</>
  const [label, tone] =
    s >= -65
      ? (['good', 'ok'] as const)
      : s >= -75
        ? (['fair', 'warn'] as const)
        : (['weak', 'bad'] as const)
  return (
    <>
      {s} dBm <StatusBadge label={label} tone={tone} />
    </>
  )
}

/** Clients tab: DHCP leases and wireless clients with their signal. */
export function ClientsTab(props: { deviceId: string; data: ClientsData; now: number }) {
  const { data } = props
  return (
    <LiveRegion
      id="device-tab"
      deviceId={props.deviceId}
      url={`/devices/${props.deviceId}/clients`}
    >
      <section class="card">
        <h2>Wireless clients</h2>
        {!data.hasWireless ? (
          <p class="muted">This device has no wireless interfaces (or has not been polled yet).</p>
        ) : data.wireless.length === 0 ? (
          <p class="muted">No wireless clients connected.</p>
        ) : (
          <DataTable
            caption="Wireless clients"
            headers={[
              'MAC address',
              'Signal',
              'Interface',
              'SNR',
              'Rates (tx / rx)',
              'Connected',
              'Last IP',
            ]}
          >
            {data.wireless.map((c) => (
              <tr>
                <td class="mono">{c.macAddress ?? ''}</td>
                <td>
                  <Signal c={c} />
                </td>
                <td>
                  {c.interface ?? ''}
                  {c.ssid && <div class="muted">{c.ssid}</div>}
                </td>
                <td>{c.signalToNoise === undefined ? '—' : `${c.signalToNoise} dB`}</td>
                <td>
                  {c.txRate ?? '—'} / {c.rxRate ?? '—'}
                </td>
                <td>{c.uptimeS === undefined ? '—' : formatDuration(c.uptimeS)}</td>
                <td>{c.lastIp ?? ''}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section class="card">
        <h2>DHCP leases</h2>
        {data.leases.length === 0 ? (
          <p class="muted">No DHCP leases{data.leasesAt === undefined ? ' read yet' : ''}.</p>
        ) : (
          <>
            <p class="muted">Read {relativeTime(data.leasesAt ?? null, props.now)}.</p>
            <DataTable
              caption="DHCP leases"
              headers={['Address', 'Host name', 'MAC address', 'Server', 'Status', 'Expires in']}
            >
              {data.leases.map((l) => (
                <tr>
                  <td>{l.address ?? ''}</td>
                  <td>{l.hostName ?? ''}</td>
                  <td class="mono">{l.macAddress ?? ''}</td>
                  <td>{l.server ?? ''}</td>
                  <td>
                    {l.status ?? ''}
                    {!l.dynamic && <div class="muted">static</div>}
                  </td>
                  <td>{l.expiresAfterS === undefined ? '—' : formatDuration(l.expiresAfterS)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </section>
    </LiveRegion>
  )
}
