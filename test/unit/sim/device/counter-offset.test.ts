import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../../src/sim/device/device.ts'
import { offsetCounters, wrap64 } from '../../../../src/sim/device/live.ts'
import { ALL_POLICIES } from '../../../../src/sim/device/users.ts'

const TWO_64 = 1n << 64n
const admin = { user: 'admin', policies: ALL_POLICIES }
const FIELDS = ['rx-byte', 'tx-byte', 'rx-packet', 'tx-packet'] as const

/** ether1's counters as the API prints them. */
function ether1(dev: SimRouter): Record<(typeof FIELDS)[number], bigint> {
  const row = dev.exec('/interface', 'print', {}, admin).rows?.find((r) => r.name === 'ether1')
  if (!row) throw new Error('no ether1')
  return Object.fromEntries(FIELDS.map((f) => [f, BigInt(row[f] ?? 'x')])) as Record<
    (typeof FIELDS)[number],
    bigint
  >
}

/** Two devices with the same name share a seed: `plain` shows the counters without offset. */
function twins(counterOffset?: bigint) {
  const clock = new ManualClock()
  const plain = new SimRouter({ name: 'wrap', clock, rebootDelayMs: 1000 })
  const dev = new SimRouter({
    name: 'wrap',
    clock,
    rebootDelayMs: 1000,
    ...(counterOffset !== undefined ? { counterOffset } : {}),
  })
  clock.advance(3_600_000)
  return { clock, plain, dev }
}

describe('wrap64 and offsetCounters', () => {
  it('wrap at exactly 2^64, negative offsets count down from the top', () => {
    expect(wrap64(TWO_64 - 1n)).toBe(TWO_64 - 1n)
    expect(wrap64(TWO_64)).toBe(0n)
    expect(wrap64(TWO_64 + 5n)).toBe(5n)
    expect(wrap64(-1n)).toBe(TWO_64 - 1n)
    const c = { rxByte: 10n, txByte: 3n, rxPacket: 1n, txPacket: 0n }
    expect(offsetCounters(c, TWO_64 - 5n)).toEqual({
      rxByte: 5n,
      txByte: TWO_64 - 2n,
      rxPacket: TWO_64 - 4n,
      txPacket: TWO_64 - 5n,
    })
    expect(offsetCounters(c, 0n)).toEqual(c)
  })
})

describe('SimRouter counter offset', () => {
  it('is 0 by default: counters are the plain clock-derived values', () => {
    const { plain, dev } = twins()
    expect(dev.counterOffset).toBe(0n)
    expect(ether1(dev)).toEqual(ether1(plain))
    expect(ether1(dev)['rx-byte']).toBeGreaterThan(0n)
  })

  it('adds the start offset modulo 2^64 to every byte and packet counter', () => {
    const offset = TWO_64 - 1000n
    const { plain, dev } = twins(offset)
    const p = ether1(plain)
    const d = ether1(dev)
    for (const f of FIELDS) {
      expect(d[f]).toBe((p[f] + offset) % TWO_64)
      expect(d[f]).toBeLessThan(TWO_64)
    }
  })

  it('wraps between two reads while the difference modulo 2^64 stays the real traffic', () => {
    const { clock, plain, dev } = twins()
    const before = ether1(plain)['rx-byte']
    dev.setCounterOffset(TWO_64 - before - 500n)
    const a = ether1(dev)['rx-byte']
    expect(a).toBe(TWO_64 - 500n)
    clock.advance(60_000)
    const b = ether1(dev)['rx-byte']
    const traffic = ether1(plain)['rx-byte'] - before
    expect(traffic).toBeGreaterThan(500n)
    expect(b).toBeLessThan(a)
    expect(b).toBe(traffic - 500n)
    expect((b - a + TWO_64) % TWO_64).toBe(traffic)
  })

  it('switches at run time and takes negative offsets modulo 2^64', () => {
    const { plain, dev } = twins()
    dev.setCounterOffset(-1n)
    expect(dev.counterOffset).toBe(TWO_64 - 1n)
    expect(ether1(dev)['tx-byte']).toBe(ether1(plain)['tx-byte'] - 1n)
    dev.setCounterOffset(TWO_64 * 3n + 7n)
    expect(dev.counterOffset).toBe(7n)
    expect(ether1(dev)['rx-packet']).toBe(ether1(plain)['rx-packet'] + 7n)
    dev.setCounterOffset(0n)
    expect(ether1(dev)).toEqual(ether1(plain))
  })

  it('leaves interfaces without link at zero', () => {
    const { dev } = twins(TWO_64 - 1n)
    const row = dev.exec('/interface', 'print', {}, admin).rows?.find((r) => r.running === 'false')
    expect(row?.['rx-byte']).toBe('0')
  })

  it('is cleared by a reboot: counters restart from zero', () => {
    const { clock, plain, dev } = twins(TWO_64 - 1000n)
    dev.reboot()
    plain.reboot()
    clock.advance(1000)
    expect(dev.state).toBe('up')
    expect(dev.counterOffset).toBe(0n)
    expect(ether1(dev)).toEqual(ether1(plain))
    clock.advance(10_000)
    const d = ether1(dev)
    expect(d['rx-byte']).toBe(ether1(plain)['rx-byte'])
    expect(d['rx-byte']).toBeLessThan(1n << 40n)
  })
})
