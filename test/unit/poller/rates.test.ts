import { describe, expect, it } from 'vitest'
import { computeRates, counterDelta, type CounterReading } from '../../../src/poller/rates.ts'

function reading(at: number, uptimeS: number, c: Record<string, [bigint, bigint]>): CounterReading {
  const counters = new Map(
    Object.entries(c).map(([k, [rx, tx]]) => [k, { rxBytes: rx, txBytes: tx }] as const),
  )
  return { at, uptimeS, counters }
}

describe('counterDelta', () => {
  it('returns the plain difference when the counter grew', () => {
    expect(counterDelta(100n, 250n, 60)).toBe(150n)
  })

  it('survives a 64-bit wrap', () => {
    const max = (1n << 64n) - 1n
    expect(counterDelta(max - 999n, 500n, 60)).toBe(1500n)
  })

  it('survives a 32-bit wrap', () => {
    expect(counterDelta(4_294_967_000n, 704n, 60)).toBe(1000n)
  })

  it('treats an implausible drop as a reset with no delta', () => {
    expect(counterDelta(38_784_330_741n, 10n, 60)).toBeUndefined()
  })
})

describe('computeRates', () => {
  it('computes bits per second per interface', () => {
    const a = reading(0, 1000, { ether1: [0n, 0n], ether2: [100n, 0n] })
    const b = reading(10_000, 1010, { ether1: [1250n, 2500n], ether2: [100n, 0n] })
    expect(computeRates(a, b)).toEqual([
      { name: 'ether1', rxBps: 1000, txBps: 2000 },
      { name: 'ether2', rxBps: 0, txBps: 0 },
    ])
  })

  it('produces no spike after a reboot detected from uptime going backwards', () => {
    const a = reading(0, 86_400, { ether1: [10n ** 12n, 10n ** 12n] })
    const b = reading(60_000, 20, { ether1: [5000n, 7000n] })
    expect(computeRates(a, b)).toEqual([])
  })

  it('detects a reboot even when the new uptime is larger than the old one', () => {
    const a = reading(0, 30, { ether1: [10n, 10n] })
    const b = reading(3_600_000, 120, { ether1: [2n ** 40n, 2n ** 40n] })
    expect(computeRates(a, b)).toEqual([])
  })

  it('skips interfaces that are new and a clock that did not advance', () => {
    const a = reading(0, 100, { ether1: [0n, 0n] })
    const b = reading(60_000, 160, { ether1: [0n, 0n], wlan1: [5n, 5n] })
    expect(computeRates(a, b).map((r) => r.name)).toEqual(['ether1'])
    expect(computeRates(b, b)).toEqual([])
  })
})
