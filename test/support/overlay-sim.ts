// Runs an onboarding script on a simulated router the way an admin would: pasted into a script
// (`/system script add` + `run`) or saved as a file and imported (`/import`), through the sim's
// command dispatcher with the admin user's policies; then waits for the script's /tool fetch.
import { execCommand } from '../../src/sim/device/commands.ts'
import type { SimRouter } from '../../src/sim/device/device.ts'
import { fetchResults, type FetchResult } from '../../src/sim/device/tool-fetch.ts'

const ADMIN = {
  user: 'admin',
  policies: new Set(['read', 'write', 'policy', 'test', 'ftp', 'reboot', 'sensitive', 'romon']),
}

/** Runs `script` on `dev`; resolves the fetch results it started (empty when it stopped early). */
export async function pasteScript(
  dev: SimRouter,
  script: string,
  via: 'script' | 'import' = 'script',
): Promise<FetchResult[]> {
  const before = fetchResults(dev).length
  const name = `outpost-${Math.random().toString(36).slice(2, 8)}`
  let res
  if (via === 'script') {
    execCommand(dev, '/system/script', 'add', { name, source: script }, ADMIN)
    res = execCommand(dev, '/system/script', 'run', { numbers: name }, ADMIN)
  } else {
    execCommand(dev, '/file', 'add', { name: `${name}.rsc`, contents: script }, ADMIN)
    res = execCommand(dev, '', 'import', { 'file-name': `${name}.rsc` }, ADMIN)
  }
  res.after?.()
  return Promise.all(fetchResults(dev).slice(before))
}

/** The router side of the sim's WireGuard setup, for a harness that brings up a real interface. */
export function simWireguard(dev: SimRouter, name = 'outpost-overlay') {
  const iface = dev.tree.list('/interface/wireguard').find((i) => i.props.name === name)
  const peer = dev.tree.list('/interface/wireguard/peers').find((i) => i.props.interface === name)
  const addr = dev.tree.list('/ip/address').find((i) => i.props.interface === name)
  if (!iface || !peer || !addr) return undefined
  return {
    privateKey: iface.props['private-key'] ?? '',
    publicKey: iface.props['public-key'] ?? '',
    listenPort: Number(iface.props['listen-port'] ?? 13231),
    address: (addr.props.address ?? '').replace(/\/\d+$/, ''),
    peer: {
      publicKey: peer.props['public-key'] ?? '',
      endpoint: `${peer.props['endpoint-address'] ?? ''}:${peer.props['endpoint-port'] ?? ''}`,
      allowedAddress: peer.props['allowed-address'] ?? '',
      keepalive: Number((peer.props['persistent-keepalive'] ?? '0').replace(/s$/, '')),
    },
  }
}
