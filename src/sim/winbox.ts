/**
 * A stand-in for a device's WinBox service (TCP 8291): it answers every connection with a short
 * banner and echoes what it receives, so a WinBox forward can be tested end to end over real
 * sockets. Not the WinBox protocol; nothing in Outpost speaks it.
 * @example const wb = await startWinboxStandIn({ host: '127.0.0.1', port: 0 }); await wb.close()
 */
import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export const WINBOX_BANNER = 'SIM-WINBOX\n'

export interface WinboxStandIn {
  readonly port: number
  /** source addresses of the connections accepted so far */
  readonly peers: string[]
  close(): Promise<void>
}

export async function startWinboxStandIn(opts: {
  host: string
  port: number
}): Promise<WinboxStandIn> {
  const sockets = new Set<Socket>()
  const peers: string[] = []
  const server = createServer((s) => {
    sockets.add(s)
    peers.push(s.remoteAddress ?? '')
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
    s.write(WINBOX_BANNER)
    s.pipe(s)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    peers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
