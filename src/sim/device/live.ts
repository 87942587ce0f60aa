/**
 * Live values computed from the clock at read time (no per-device timers): CPU load, memory,
 * interface counters, wireless clients, DHCP leases. Everything is a pure function of a per-device
 * seed and the time since boot, so counters restart from zero after a reboot.
 */

/** FNV-1a 32-bit hash, used to derive stable per-device seeds. */
export function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** Smooth pseudo-random value in [0, 1] that drifts over time. */
export function drift(seed: number, tSec: number): number {
  const a = ((seed & 0xff) / 255) * Math.PI * 2
  const b = (((seed >>> 8) & 0xff) / 255) * Math.PI * 2
  const v =
    Math.sin(tSec / 37 + a) * 0.5 + Math.sin(tSec / 11 + b) * 0.3 + Math.sin(tSec / 3.1) * 0.2
  return (v + 1) / 2
}

export function cpuLoad(seed: number, tSec: number): number {
  return Math.round(2 + drift(seed, tSec) * 30)
}

export function freeMemory(seed: number, tSec: number, total: number): number {
  const used = 0.3 + drift(seed ^ 0x5a5a, tSec / 5) * 0.15
  return Math.round(total * (1 - used))
}

export interface Counters {
  rxByte: bigint
  txByte: bigint
  rxPacket: bigint
  txPacket: bigint
}

/** Monotonic byte counter: base rate plus a bounded wobble whose derivative never goes negative. */
function bytesAt(rate: number, tSec: number, phase: number): bigint {
  const w = 0.05
  const wobble = (rate * 0.8 * (1 - Math.cos(w * tSec + phase) + (Math.cos(phase) - 1))) / w
  return BigInt(Math.max(0, Math.floor(rate * tSec + wobble)))
}

const COUNTER_MASK = (1n << 64n) - 1n

/** `v` as a 64-bit counter holds it: modulo 2^64 (negative values wrap from the top). */
export function wrap64(v: bigint): bigint {
  return v & COUNTER_MASK
}

/** Counters shifted by `offset` and wrapped at 2^64, as real 64-bit counters roll over. */
export function offsetCounters(c: Counters, offset: bigint): Counters {
  if (offset === 0n) return c
  return {
    rxByte: wrap64(c.rxByte + offset),
    txByte: wrap64(c.txByte + offset),
    rxPacket: wrap64(c.rxPacket + offset),
    txPacket: wrap64(c.txPacket + offset),
  }
}

export function interfaceCounters(seed: number, index: number, tSec: number): Counters {
  const s = hash32(`${seed}:${index}`)
  const rxRate = 20_000 + (s % 2_000_000)
  const txRate = 10_000 + ((s >>> 11) % 800_000)
  const rxByte = bytesAt(rxRate, tSec, (s & 0xff) / 40)
  const txByte = bytesAt(txRate, tSec, ((s >>> 8) & 0xff) / 40)
  return { rxByte, txByte, rxPacket: rxByte / 700n, txPacket: txByte / 400n }
}

export interface WirelessClient {
  slot: number
  mac: string
  ifaceIndex: number
  since: number
  signal: number
  address: string
  hostName: string
}

const SLOTS = 6

export function macFrom(seed: number, n: number): string {
  const h = hash32(`${seed}/${n}`)
  const bytes = [
    0x02,
    (seed >>> 8) & 0xff,
    seed & 0xff,
    (h >>> 16) & 0xff,
    (h >>> 8) & 0xff,
    h & 0xff,
  ]
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')
}

/**
 * Wireless clients present at `tSec` after boot. Each slot is a client that associates and leaves
 * on its own cycle (5 to 50 minutes), so the table changes over time.
 */
export function wirelessClients(seed: number, tSec: number, ifaceCount: number): WirelessClient[] {
  if (ifaceCount === 0) return []
  const out: WirelessClient[] = []
  for (let slot = 0; slot < SLOTS; slot++) {
    const h = hash32(`${seed}#${slot}`)
    const period = 300 + (h % 2700)
    const onFor = Math.floor(period * (0.5 + ((h >>> 12) % 40) / 100))
    const offset = (h >>> 4) % period
    const pos = (tSec + offset) % period
    if (pos >= onFor || tSec < 5) continue
    out.push({
      slot,
      mac: macFrom(seed, 100 + slot),
      ifaceIndex: slot % ifaceCount,
      since: tSec - Math.min(pos, tSec),
      signal: -42 - slot * 6 - Math.round(drift(h, tSec) * 6),
      address: `192.168.88.${200 + slot}`,
      hostName: `client-${slot + 1}`,
    })
  }
  return out
}
