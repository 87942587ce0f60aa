import type { NeighboursData } from '../../../src/dashboard/device-detail.types.ts'
import { relativeTime } from '../relative-time.ts'
import { LiveRegion } from './live-region.tsx'
import { DataTable } from '../../components/data-table.tsx'

/** Neighbours tab: devices seen over MNDP/CDP/LLDP. */
export function NeighboursTab(props: { deviceId: string; data: NeighboursData; now: number }) {
  const { data } = props
  return (
    <LiveRegion
      id="device-tab"
      deviceId={props.deviceId}
      url={`/devices/${props.deviceId}/neighbours`}
    >
      <section class="card">
        <h2>Neighbours</h2>
        {data.neighbours.length === 0 ? (
          <p class="muted">No neighbours discovered{data.at === undefined ? ' yet' : ''}.</p>
        ) : (
          <>
            <p class="muted">Read {relativeTime(data.at ?? null, props.now)}.</p>
            <DataTable
              caption="Neighbours"
              headers={[
                'Identity',
                'Address',
                'MAC address',
                'Interface',
                'Platform',
                'Model and version',
                'Seen by',
              ]}
            >
              {data.neighbours.map((n) => (
                <tr>
                  <td>{n.identity ?? ''}</td>
                  <td>{n.address ?? ''}</td>
                  <td class="mono">{n.macAddress ?? ''}</td>
                  <td class="wrap">{n.interfaces.join(', ')}</td>
                  <td>{n.platform ?? ''}</td>
                  <td class="wrap">{[n.board, n.version].filter(Boolean).join(', ')}</td>
                  <td>{n.discoveredBy.join(', ')}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </section>
    </LiveRegion>
  )
}
