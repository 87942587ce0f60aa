/**
 * Remote logging of simulated devices: new entries of each device's log are sent as RFC 3164
 * (BSD syslog) lines — `<PRI>Mmm dd hh:mm:ss identity topics message` — over UDP or TCP (one
 * line per message, LF-terminated) to a configurable address, like a RouterOS `remote` logging
 * action.
 */
import { createSocket } from 'node:dgram'
import { connect, type Socket } from 'node:net'
import type { LogEntry, SimRouter } from './device/device.ts'

export interface SyslogOptions {
  address?: string
  port?: number
  protocol?: 'udp' | 'tcp'
  /** Facility number (default 3, daemon, as RouterOS). */
  facility?: number
  /** Real milliseconds between scans of the device logs (default 1000). */
  intervalMs?: number
  /** Local address of the UDP socket (default 127.0.0.1). */
  bindAddress?: string
  onError?: (err: Error) => void
}

export interface SyslogForwarder {
  /** Sends entries logged since the last flush; resolves once written. */
  flush(): Promise<void>
  stop(): Promise<void>
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function severity(topics: string): number {
  const t = topics.split(',')
  if (t.includes('critical')) return 2
  if (t.includes('error')) return 3
  if (t.includes('warning')) return 4
  if (t.includes('debug')) return 7
  return 6
}

/** One RFC 3164 line for a log entry (time in UTC). */
export function formatSyslog(entry: LogEntry, hostname: string, facility = 3): string {
  const d = new Date(entry.at)
  const p = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  const host = hostname.replace(/\s+/g, '_') || 'MikroTik'
  return `<${facility * 8 + severity(entry.topics)}>${stamp} ${host} ${entry.topics} ${entry.message}`
}

export function startSyslogForwarder(
  devices: () => Iterable<SimRouter>,
  opts: SyslogOptions = {},
): SyslogForwarder {
  const address = opts.address ?? '127.0.0.1'
  const port = opts.port ?? 514
  const sent = new WeakMap<SimRouter, number>()
  const send =
    opts.protocol === 'tcp' ? tcpSender(address, port, opts) : udpSender(address, port, opts)
  const flush = async (): Promise<void> => {
    for (const dev of devices()) {
      const last = sent.get(dev) ?? 0
      const fresh = dev.logEntries.filter((e) => e.id > last)
      if (fresh.length === 0) continue
      sent.set(dev, fresh[fresh.length - 1]?.id ?? last)
      for (const e of fresh) await send.write(formatSyslog(e, dev.identity, opts.facility))
    }
  }
  const timer = setInterval(
    () => void flush().catch((err: Error) => opts.onError?.(err)),
    opts.intervalMs ?? 1000,
  )
  timer.unref()
  return {
    flush,
    stop: async () => {
      clearInterval(timer)
      await send.close()
    },
  }
}

interface Sender {
  write(line: string): Promise<void>
  close(): Promise<void>
}

function udpSender(address: string, port: number, opts: SyslogOptions): Sender {
  const sock = createSocket('udp4')
  sock.on('error', (err) => opts.onError?.(err))
  const bound = new Promise<void>((r) => sock.bind(0, opts.bindAddress ?? '127.0.0.1', () => r()))
  return {
    write: async (line) => {
      await bound
      await new Promise<void>((r) => sock.send(Buffer.from(line), port, address, () => r()))
    },
    close: () => new Promise((r) => sock.close(() => r())),
  }
}

function tcpSender(address: string, port: number, opts: SyslogOptions): Sender {
  let sock: Socket | undefined
  const open = (): Socket => {
    if (sock && !sock.destroyed) return sock
    const s = connect({ host: address, port })
    s.on('error', (err) => opts.onError?.(err))
    sock = s
    return s
  }
  return {
    write: (line) =>
      new Promise((r) => {
        open().write(line + '\n', () => r())
      }),
    close: () =>
      new Promise((r) => {
        if (!sock || sock.destroyed) return r()
        sock.end(() => r())
      }),
  }
}
