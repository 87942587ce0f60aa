// IPv4 CIDR ranges as the tenant admin types them: strict parsing (no leading zeros, no host
// bits, nothing wider than a /16), as integer bounds so overlap and membership are arithmetic.

/** The widest range one scan may cover: a /16 is 65,536 addresses. */
export const WIDEST_PREFIX = 16

export interface Cidr {
  /** canonical text, e.g. 10.1.0.0/16 */
  text: string
  /** first and last address as unsigned 32-bit integers */
  first: number
  last: number
  prefix: number
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/

/** 192.168.1.7 → 3232235783; undefined for anything that is not a plain dotted quad. */
export function ipv4ToInt(s: string): number | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  let n = 0
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined
    const v = Number(p)
    if (v > 255) return undefined
    n = n * 256 + v
  }
  return n
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string }

/** Parses `a.b.c.d/p` (or a single address, taken as /32) and says plainly what is wrong. */
export function parseCidr(input: string): CidrResult {
  const s = input.trim()
  const [addr = '', bits, extra] = s.split('/')
  if (extra !== undefined || addr === '')
    return { ok: false, message: 'Enter a range like 192.168.88.0/24.' }
  const base = ipv4ToInt(addr)
  if (base === undefined)
    return { ok: false, message: `"${addr.slice(0, 40)}" is not an IPv4 address.` }
  const prefix = bits === undefined ? 32 : /^(0|[1-9][0-9]?)$/.test(bits) ? Number(bits) : NaN
  if (!(prefix >= 0 && prefix <= 32))
    return { ok: false, message: 'The prefix length must be a number from 16 to 32.' }
  if (prefix < WIDEST_PREFIX)
    return {
      ok: false,
      message: `A /${prefix} is too wide to scan: use /${WIDEST_PREFIX} (65,536 addresses) or narrower.`,
    }
  const size = 2 ** (32 - prefix)
  if (base % size !== 0) {
    const net = intToIpv4(base - (base % size))
    return { ok: false, message: `${s} has host bits set: did you mean ${net}/${prefix}?` }
  }
  const first = base
  const last = base + size - 1
  return { ok: true, cidr: { text: `${intToIpv4(first)}/${prefix}`, first, last, prefix } }
}

/**
 * The addresses a scan probes: a /30 or wider leaves out the network and broadcast addresses
 * (nothing answers there, and probing a broadcast address is rude); /31 and /32 are all hosts.
 */
export function hostBounds(c: Cidr): { first: number; last: number; count: number } {
  const first = c.prefix <= 30 ? c.first + 1 : c.first
  const last = c.prefix <= 30 ? c.last - 1 : c.last
  return { first, last, count: last - first + 1 }
}

export function overlaps(a: { first: number; last: number }, b: { first: number; last: number }) {
  return a.first <= b.last && b.first <= a.last
}
