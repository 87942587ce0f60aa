// A plain WireGuard peer in a test namespace (wireguard-go through src/overlay's wrapper): the
// router side of the overlay, configured from what the simulated router holds, or a test peer.
import { bringUp, type WgInterface } from '../../src/overlay/wg-host.ts'
import type { NetnsLab } from './overlay-netns.ts'

export interface PeerSpec {
  ns: string
  name: string
  privateKey: string
  listenPort: number
  /** this side's overlay address (no prefix) */
  address: string
  peer: { publicKey: string; endpoint: string; allowedIps: string; keepalive: number }
}

/** Brings the interface up, adds the one peer, routes its allowed addresses into the tunnel. */
export async function startPeer(lab: NetnsLab, p: PeerSpec): Promise<WgInterface> {
  const wg = await bringUp(
    { netns: p.ns },
    { name: p.name, privateKey: p.privateKey, port: p.listenPort, addressCidr: `${p.address}/32` },
  )
  lab.exec(p.ns, [
    ...['wg', 'set', p.name, 'peer', p.peer.publicKey, 'endpoint', p.peer.endpoint],
    ...['allowed-ips', p.peer.allowedIps, 'persistent-keepalive', String(p.peer.keepalive)],
  ])
  for (const cidr of p.peer.allowedIps.split(','))
    lab.exec(p.ns, ['ip', 'route', 'replace', cidr, 'dev', p.name])
  return wg
}
