import type { DeviceOverlayView, OverlayInfo } from '../../src/overlay/overlay.types.ts'
import { bytes, HandshakeText, OverlayStateNotice } from './overlay-status.tsx'

/** The tenant's overlay: the appliance interface, this tenant's block, and every peer's status. */
export function OverlayPage(props: { info: OverlayInfo; peers: DeviceOverlayView[]; now: number }) {
  const i = props.info
  return (
    <section>
      <h1>Overlay (WireGuard)</h1>
      <OverlayStateNotice state={i.state} interfaceName={i.interfaceName} />
      <div class="card">
        <dl class="facts">
          <dt>Appliance public key</dt>
          <dd class="mono wrap-anywhere">{i.publicKey}</dd>
          <dt>Endpoint routers dial</dt>
          <dd class="mono">{i.endpoint ?? 'not set (OUTPOST_OVERLAY_ENDPOINT)'}</dd>
          <dt>Appliance overlay address</dt>
          <dd class="mono">{i.applianceAddress}</dd>
          <dt>Address range</dt>
          <dd class="mono">{i.range}</dd>
          <dt>This tenant's block</dt>
          <dd class="mono">{i.tenantBlock ?? 'assigned with the first enrollment'}</dd>
        </dl>
      </div>
      <h2>Routers on the overlay</h2>
      {props.peers.length === 0 ? (
        <p class="muted">
          No router is on the overlay yet. Open a device, go to its Overlay tab and create an
          enrollment script.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">Overlay peers</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Overlay address</th>
                <th scope="col">Latest handshake</th>
                <th scope="col" class="num">
                  Received
                </th>
                <th scope="col" class="num">
                  Sent
                </th>
                <th scope="col">Endpoint</th>
              </tr>
            </thead>
            <tbody>
              {props.peers.map((p) => (
                <tr>
                  <td>
                    <a href={`/devices/${p.deviceId}/overlay`}>{p.deviceName}</a>
                  </td>
                  <td class="mono">{p.address}</td>
                  <td>
                    {p.enrolled ? (
                      <HandshakeText at={p.latestHandshakeAt} now={props.now} />
                    ) : (
                      <span class="badge badge-muted">not enrolled</span>
                    )}
                  </td>
                  <td class="num">{bytes(p.rxBytes)}</td>
                  <td class="num">{bytes(p.txBytes)}</td>
                  <td class="mono">{p.endpoint ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
