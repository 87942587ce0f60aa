// The syslog sockets: one UDP socket and one TCP server on the same port. Started and stopped by
// startup.ts only. TCP reads pause while the ingest queue is full (back-pressure instead of loss)
// and resume after the next batch is written. Connections are bounded in number and idle time;
// a stream that is not syslog at all (an absurd octet count) is cut, its counters kept.
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../log.ts'
import { SyslogFrameDecoder } from './syslog-framing.ts'
import type { SyslogIngest } from './syslog-ingest.ts'

export interface SyslogListener {
  readonly port: number
  stop(): Promise<void>
}

const MAX_CONNECTIONS = 2000
const IDLE_MS = 15 * 60_000

/**
 * @example const l = await startSyslogListener({ host: '0.0.0.0', port: 5514, ingest, log })
 */
export async function startSyslogListener(o: {
  host: string
  port: number
  ingest: SyslogIngest
  log: Logger
}): Promise<SyslogListener> {
  const open = new Set<Socket>()
  const tcp = createServer({ noDelay: true }, (sock) => {
    open.add(sock)
    sock.once('close', () => open.delete(sock))
    accept(sock, o.ingest, o.log)
  })
  tcp.maxConnections = MAX_CONNECTIONS
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject)
    tcp.listen(o.port, o.host, () => {
      tcp.off('error', reject)
      resolve()
    })
  })
  tcp.on('error', (err) => o.log.warn({ err }, 'syslog tcp listener error'))
  const port = (tcp.address() as AddressInfo).port
  let udp: UdpSocket
  try {
    udp = await bindUdp(o.host, port, o.ingest, o.log)
  } catch (err) {
    await closeTcp(tcp, open)
    throw err
  }
  return {
    port,
    stop: async () => {
      await new Promise<void>((r) => udp.close(() => r()))
      await closeTcp(tcp, open)
    },
  }
}

function bindUdp(
  host: string,
  port: number,
  ingest: SyslogIngest,
  log: Logger,
): Promise<UdpSocket> {
  const sock = createSocket({
    type: host.includes(':') ? 'udp6' : 'udp4',
    recvBufferSize: 4 * 1024 * 1024,
  })
  sock.on('message', (msg, rinfo) => ingest.offer(rinfo.address, msg, 'udp'))
  return new Promise((resolve, reject) => {
    sock.once('error', reject)
    sock.bind(port, host, () => {
      sock.off('error', reject)
      sock.on('error', (err) => log.warn({ err }, 'syslog udp socket error'))
      resolve(sock)
    })
  })
}

function accept(sock: Socket, ingest: SyslogIngest, log: Logger): void {
  const address = sock.remoteAddress ?? ''
  const decoder = new SyslogFrameDecoder((p) => ingest.problem(p))
  sock.setTimeout(IDLE_MS, () => sock.destroy())
  sock.on('error', (err) => log.debug({ err, address }, 'syslog tcp connection error'))
  let paused = false
  const resumeWhenRoom = (): void => {
    if (sock.destroyed) return
    if (ingest.shouldPause(address)) return ingest.onDrain(resumeWhenRoom)
    paused = false
    sock.resume()
  }
  sock.on('data', (chunk: Buffer) => {
    let frames: Buffer[]
    try {
      frames = decoder.push(chunk)
    } catch (err) {
      ingest.problem('framing')
      log.debug({ err, address }, 'syslog tcp stream is not syslog; closed')
      sock.destroy()
      return
    }
    for (const f of frames) ingest.offer(address, f, 'tcp')
    if (!paused && ingest.shouldPause(address)) {
      paused = true
      sock.pause()
      ingest.onDrain(resumeWhenRoom)
    }
  })
  sock.on('close', () => {
    // a frame cut off by the sender closing the connection is a truncated message
    if (decoder.pending > 0) ingest.problem('framing')
  })
}

function closeTcp(server: Server, open: Set<Socket>): Promise<void> {
  return new Promise((r) => {
    server.close(() => r())
    for (const s of open) s.destroy()
  })
}
