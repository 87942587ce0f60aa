// MNDP announcement parser (UDP 5678, ROUTEROS.md §7): a 4-byte header we ignore, then
// type/length/value fields (u16 BE each, uptime little-endian). Anyone on the segment can send
// these, so the parser is strict: a packet that is truncated, repeats a field, has a field of the
// wrong size, or carries text that is not clean UTF-8 is refused whole, with a reason to count.

export interface MndpAnnouncement {
  mac: string
  identity?: string
  version?: string
  platform?: string
  board?: string
  softwareId?: string
  interfaceName?: string
  ipv4?: string
  ipv6?: string
  /** seconds */
  uptimeS?: number
}

export type MndpParse = { ok: true; value: MndpAnnouncement } | { ok: false; reason: string }

/** A real announcement is a few hundred bytes; anything near a jumbo frame is not one. */
export const MNDP_MAX_BYTES = 1500
const MAX_TEXT = 255

type TextField = 'identity' | 'version' | 'platform' | 'board' | 'softwareId' | 'interfaceName'
const TEXT: Record<number, TextField> = {
  5: 'identity',
  7: 'version',
  8: 'platform',
  11: 'softwareId',
  12: 'board',
  16: 'interfaceName',
}
/** Fixed sizes of the binary fields: 1 MAC, 10 uptime, 14 unpack, 15 IPv6, 17 IPv4. */
const FIXED: Record<number, number> = { 1: 6, 10: 4, 14: 1, 15: 16, 17: 4 }

const decoder = new TextDecoder('utf-8', { fatal: true })
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

function text(v: Buffer): string | undefined {
  if (v.length > MAX_TEXT) return undefined
  try {
    const s = decoder.decode(v)
    return CONTROL.test(s) ? undefined : s
  } catch {
    return undefined
  }
}

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0')

function ipv6Of(v: Buffer): string {
  return Array.from({ length: 8 }, (_, k) => v.readUInt16BE(k * 2).toString(16)).join(':')
}

function binary(out: MndpAnnouncement, type: number, v: Buffer): string | undefined {
  if (type === 1) {
    if (v.every((b) => b === 0) || (v[0] ?? 0) & 1) return 'MAC address is not a unicast address'
    out.mac = [...v].map(hex).join(':')
  } else if (type === 10) out.uptimeS = v.readUInt32LE(0)
  else if (type === 17) out.ipv4 = [...v].join('.')
  else if (type === 15) out.ipv6 = ipv6Of(v)
  return undefined
}

/** Parses one datagram; `{ ok: false, reason }` for anything that is not a clean announcement. */
export function parseMndp(buf: Buffer): MndpParse {
  if (buf.length > MNDP_MAX_BYTES) return { ok: false, reason: 'oversized' }
  if (buf.length <= 4) return { ok: false, reason: 'no fields (a discovery request)' }
  const out = { mac: '' } as MndpAnnouncement
  const seen = new Set<number>()
  let i = 4
  while (i < buf.length) {
    if (i + 4 > buf.length) return { ok: false, reason: 'truncated field header' }
    const type = buf.readUInt16BE(i)
    const len = buf.readUInt16BE(i + 2)
    if (i + 4 + len > buf.length) return { ok: false, reason: `truncated field ${type}` }
    const v = buf.subarray(i + 4, i + 4 + len)
    i += 4 + len
    if (seen.has(type)) return { ok: false, reason: `field ${type} repeated` }
    seen.add(type)
    const size = FIXED[type]
    const field = TEXT[type]
    if (size !== undefined) {
      if (len !== size) return { ok: false, reason: `field ${type} has ${len} bytes, not ${size}` }
      const bad = binary(out, type, v)
      if (bad) return { ok: false, reason: bad }
    } else if (field !== undefined) {
      const s = text(v)
      if (s === undefined) return { ok: false, reason: `field ${type} is not clean text` }
      out[field] = s
    }
    // other types: unknown to us (newer RouterOS), skipped like every receiver does
  }
  if (out.mac === '') return { ok: false, reason: 'no MAC address' }
  return { ok: true, value: out }
}
