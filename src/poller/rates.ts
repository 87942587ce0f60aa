import { detectReboot, type UptimeReading } from './reboot.ts'

const TWO_64 = 1n << 64n
const TWO_32 = 1n << 32n
/** Above this a "wrapped" delta is a counter reset, not a wrap: 1 Tbit/s in bytes. */
const MAX_BYTES_PER_S = 125_000_000_000

export interface CounterSample {
  rxBytes: bigint
  txBytes: bigint
}

export interface CounterReading extends UptimeReading {
  counters: ReadonlyMap<string, CounterSample>
}

export interface InterfaceRate {
  name: string
  /** Bits per second. */
  rxBps: number
  txBps: number
}

/**
 * The increase of a monotonically growing counter between two readings. A smaller value is either
 * a wrap (64-bit, or 32-bit on old drivers) when the wrapped delta is plausible for the elapsed
 * time, or a reset (interface re-created, counters cleared): then there is no delta at all, so a
 * reset never shows up as a spike.
 */
export function counterDelta(prev: bigint, cur: bigint, elapsedS: number): bigint | undefined {
  if (cur >= prev) return cur - prev
  const limit = BigInt(Math.ceil(elapsedS * MAX_BYTES_PER_S))
  const wrapped64 = TWO_64 - prev + cur
  if (prev < TWO_64 && wrapped64 <= limit) return wrapped64
  const wrapped32 = TWO_32 - prev + cur
  if (prev < TWO_32 && wrapped32 <= limit) return wrapped32
  return undefined
}

/**
 * Per-interface rates from two counter readings. Returns no rates when the device rebooted in
 * between (its counters restarted from zero) or when time did not move forward; interfaces that
 * appear in only one reading are skipped.
 */
export function computeRates(prev: CounterReading, cur: CounterReading): InterfaceRate[] {
  const elapsedS = (cur.at - prev.at) / 1000
  if (elapsedS <= 0 || detectReboot(prev, cur)) return []
  const out: InterfaceRate[] = []
  for (const [name, c] of cur.counters) {
    const p = prev.counters.get(name)
    if (p === undefined) continue
    const rx = counterDelta(p.rxBytes, c.rxBytes, elapsedS)
    const tx = counterDelta(p.txBytes, c.txBytes, elapsedS)
    if (rx === undefined || tx === undefined) continue
    out.push({ name, rxBps: (Number(rx) * 8) / elapsedS, txBps: (Number(tx) * 8) / elapsedS })
  }
  return out
}
