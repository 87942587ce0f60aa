// A free TCP port on loopback for listeners whose port setting uses 0 for "off" (HTTPS, recovery).
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/**
 * A free loopback port below the kernel's ephemeral range (32768 and up), for a listener that
 * stops and must listen on the same port again: while it is down, an ephemeral port may be handed
 * to any outgoing connection of the machine (a parallel test's), and the restart would fail with
 * EADDRINUSE. Ports below the range are only ever taken by explicit binds.
 */
export async function freeStablePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer()
      s.once('error', () => resolve(false))
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (ok) return port
  }
  throw new Error('no free port between 20000 and 32000 on loopback')
}
