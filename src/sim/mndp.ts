/**
 * MNDP (MikroTik Neighbor Discovery Protocol, UDP 5678) for simulated devices: the packet codec
 * (4-byte header, then type/length/value fields, uptime little-endian) and an announcer that sends
 * each device's announcement to a configurable address (loopback or a test namespace) on an
 * interval.
 */
import { createSocket } from 'node:dgram'
import type { SimRouter } from './device/device.ts'

export const MNDP_PORT = 5678

export interface MndpInfo {
  mac: string
  identity: string
  version: string
  platform: string
  /** Seconds. */
  uptime: number
  softwareId: string
  board: string
  unpack?: number
  ipv6?: string
  interfaceName: string
  ipv4?: string
}

const T = {
  mac: 1,
  identity: 5,
  version: 7,
  platform: 8,
  uptime: 10,
  softwareId: 11,
  board: 12,
  unpack: 14,
  ipv6: 15,
  iface: 16,
  ipv4: 17,
}

function tlv(type: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16BE(type, 0)
  head.writeUInt16BE(value.length, 2)
  return Buffer.concat([head, value])
}

function ipv6Bytes(addr: string): Buffer {
  const [head = '', tail = ''] = addr.split('::')
  const h = head ? head.split(':') : []
  const t = addr.includes('::') && tail ? tail.split(':') : []
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  const b = Buffer.alloc(16)
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2))
  return b
}

/** Encodes one announcement. `seq` goes in the header's last two bytes (default `00 00 00 01`). */
export function encodeMndp(info: MndpInfo, seq = 1): Buffer {
  const header = Buffer.from([0, 0, (seq >> 8) & 0xff, seq & 0xff])
  const uptime = Buffer.alloc(4)
  uptime.writeUInt32LE(Math.max(0, Math.floor(info.uptime)) >>> 0)
  const parts = [
    header,
    tlv(T.mac, Buffer.from(info.mac.split(':').map((x) => parseInt(x, 16)))),
    tlv(T.identity, Buffer.from(info.identity)),
    tlv(T.version, Buffer.from(info.version)),
    tlv(T.platform, Buffer.from(info.platform)),
    tlv(T.uptime, uptime),
    tlv(T.softwareId, Buffer.from(info.softwareId)),
    tlv(T.board, Buffer.from(info.board)),
    tlv(T.unpack, Buffer.from([info.unpack ?? 1])),
  ]
  if (info.ipv6) parts.push(tlv(T.ipv6, ipv6Bytes(info.ipv6)))
  parts.push(tlv(T.iface, Buffer.from(info.interfaceName)))
  if (info.ipv4) parts.push(tlv(T.ipv4, Buffer.from(info.ipv4.split('.').map(Number))))
  return Buffer.concat(parts)
}

/** Decodes an MNDP packet (ignores the 4 header bytes and unknown types). */
export function decodeMndp(buf: Buffer): Partial<MndpInfo> {
  const out: Partial<MndpInfo> = {}
  let i = 4
  while (i + 4 <= buf.length) {
    const type = buf.readUInt16BE(i)
    const len = buf.readUInt16BE(i + 2)
    const v = buf.subarray(i + 4, i + 4 + len)
    i += 4 + len
    if (type === T.mac)
      out.mac = [...v].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':')
    else if (type === T.identity) out.identity = v.toString()
    else if (type === T.version) out.version = v.toString()
    else if (type === T.platform) out.platform = v.toString()
    else if (type === T.uptime && len === 4) out.uptime = v.readUInt32LE(0)
    else if (type === T.softwareId) out.softwareId = v.toString()
    else if (type === T.board) out.board = v.toString()
    else if (type === T.unpack && len === 1) out.unpack = v[0]
    else if (type === T.iface) out.interfaceName = v.toString()
    else if (type === T.ipv4 && len === 4) out.ipv4 = [...v].join('.')
    else if (type === T.ipv6 && len === 16)
      out.ipv6 = Array.from({ length: 8 }, (_, k) => v.readUInt16BE(k * 2).toString(16)).join(':')
  }
  return out
}

/** A stable locally-administered-looking MikroTik MAC for a device seed. */
export function deviceMac(seed: number): string {
  const b = [0x74, 0x4d, 0x28, (seed >>> 16) & 0xff, (seed >>> 8) & 0xff, seed & 0xff]
  return b.map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':')
}

/** What a device announces right now. */
export function mndpInfo(dev: SimRouter, ipv4?: string): MndpInfo {
  return {
    mac: deviceMac(dev.seed),
    identity: dev.identity,
    version: `${dev.version} (${dev.persona.channel})`,
    platform: 'MikroTik',
    uptime: Math.floor(dev.uptimeMs / 1000),
    softwareId: dev.softwareId,
    board: dev.persona.board,
    unpack: 1,
    interfaceName:
      dev.tree.list('/interface/bridge')[0]?.props.name ?? dev.persona.ports[0]?.name ?? 'ether1',
    ...(ipv4 ? { ipv4 } : {}),
  }
}

export interface MndpAnnouncerOptions {
  /** Destination (default 127.0.0.1:5678). */
  address?: string
  /** Local address the sending socket binds to (default 127.0.0.1: nothing listens elsewhere). */
  bindAddress?: string
  port?: number
  /** Real milliseconds between rounds (default 30000). */
  intervalMs?: number
  /** IPv4 address each device announces (default: none). */
  ipv4?: (dev: SimRouter) => string | undefined
  onError?: (err: Error) => void
}

export interface MndpAnnouncer {
  /** Sends one round now (devices that are rebooting stay silent). */
  announce(): Promise<void>
  stop(): Promise<void>
}

export function startMndpAnnouncer(
  devices: () => Iterable<SimRouter>,
  opts: MndpAnnouncerOptions = {},
): MndpAnnouncer {
  const sock = createSocket('udp4')
  sock.on('error', (err) => opts.onError?.(err))
  const address = opts.address ?? '127.0.0.1'
  const port = opts.port ?? MNDP_PORT
  let seq = 0
  const bound = new Promise<void>((resolve) =>
    sock.bind(0, opts.bindAddress ?? '127.0.0.1', () => resolve()),
  )
  const announce = async (): Promise<void> => {
    await bound
    for (const dev of devices()) {
      if (dev.state !== 'up') continue
      const pkt = encodeMndp(mndpInfo(dev, opts.ipv4?.(dev)), (seq = (seq + 1) & 0xffff))
      await new Promise<void>((resolve) =>
        sock.send(pkt, port, address, (err) => {
          if (err) opts.onError?.(err)
          resolve()
        }),
      )
    }
  }
  const timer = setInterval(() => void announce(), opts.intervalMs ?? 30_000)
  timer.unref()
  void announce()
  return {
    announce,
    stop: () => {
      clearInterval(timer)
      return new Promise((resolve) => sock.close(() => resolve()))
    },
  }
}
