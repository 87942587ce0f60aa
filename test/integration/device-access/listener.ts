// A plain TCP server on loopback that records what it receives: stands in for an attacker's host
// that a device's address or port is pointed at.
import { createServer, type Socket } from 'node:net'

export interface Listener {
  port: number
  /** connections accepted so far */
  readonly connections: number
  /** every byte received, as latin1 text (RouterOS API words are length-prefixed bytes) */
  received(): string
  close(): Promise<void>
}

export async function startListener(): Promise<Listener> {
  const chunks: Buffer[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((s) => {
    connections++
    sockets.add(s)
    s.on('data', (d: Buffer) => chunks.push(d))
    s.on('error', () => undefined)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    port: address.port,
    get connections() {
      return connections
    },
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const l = await startListener()
  const port = l.port
  await l.close()
  return port
}
