// Parses `wg show <if> dump`: tab-separated, the interface's line first, then one line per peer
// (public key, preshared key, endpoint, allowed ips, latest handshake in seconds since the epoch
// (0: never), received bytes, sent bytes, keepalive).

export interface WgPeerStatus {
  publicKey: string
  /** `ip:port` the peer last sent from, null before its first packet */
  endpoint: string | null
  allowedIps: string[]
  /** epoch ms of the latest handshake, null when there was none */
  latestHandshakeAt: number | null
  rxBytes: number
  txBytes: number
}

export interface WgDump {
  publicKey: string
  listenPort: number
  peers: WgPeerStatus[]
}

/** @example parseDump(await runHost({}, 'wg', ['show', 'outpost-wg', 'dump'])) */
export function parseDump(text: string): WgDump {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const head = (lines[0] ?? '').split('\t')
  const peers = lines.slice(1).map((line): WgPeerStatus => {
    const f = line.split('\t')
    const handshake = Number(f[4] ?? 0)
    return {
      publicKey: f[0] ?? '',
      endpoint: f[2] === undefined || f[2] === '(none)' ? null : f[2],
      allowedIps: (f[3] ?? '').split(',').filter((a) => a !== '' && a !== '(none)'),
      latestHandshakeAt: handshake > 0 ? handshake * 1000 : null,
      rxBytes: Number(f[5] ?? 0),
      txBytes: Number(f[6] ?? 0),
    }
  })
  return { publicKey: head[1] ?? '', listenPort: Number(head[2] ?? 0), peers }
}
