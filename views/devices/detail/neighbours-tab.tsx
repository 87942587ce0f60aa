import type { NeighboursData } from '../../../src/dashboard/device-detail.types.ts'
import { relativeTime } from '../relative-time.ts'
import { LiveRegion } from './live-region.tsx'

/** Neighbours tab: devices seen over MNDP/CDP/LLDP. */
export function NeighboursTab(props: { deviceId: string; data: NeighboursData; now: number }) {
  const { data } = props
  return (
    <LiveRegion id="device-tab" deviceId={props.deviceId} url={`/devices/${props.deviceId}/neighbours`}>
      <section class="card">
        <h2>Neighbours</h2>
        {data.neighbours.length === 0 ? (
          <p class="muted">No neighbours discovered{data.at === undefined ? ' yet' : ''}.</p>
        ) : (
          <>
            <p class="muted">Read {relativeTime(data.at ?? null, props.now)}.</p>
            <div class="table-wrap">
              <table class="data-table">
                <caption class="visually-hidden">Neighbours</caption>
                <thead>
                  <tr>
                    <th scope="col">Identity</th>
                    <th scope="col">Address</th>
                    <th scope="col">MAC address</th>
                    <th scope="col">Interface</th>
                    <th scope="col">Platform</th>
                    <th scope="col">Model and version</th>
                    <th scope="col">Seen by</th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </LiveRegion>
  )
}
