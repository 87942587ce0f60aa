import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimRouter } from '../../../src/sim/device/device.ts'
import { ALL_POLICIES } from '../../../src/sim/device/users.ts'
import { createHarness, eventKinds, type Harness } from './poller-harness.ts'

const TWO_64 = 1n << 64n
const admin = { user: 'admin', policies: ALL_POLICIES }

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

/** ether1's byte counters as the simulator serves them right now. */
function ether1(router: SimRouter): { rx: bigint; tx: bigint } {
  const row = router.exec('/interface', 'print', {}, admin).rows?.find((r) => r.name === 'ether1')
  return { rx: BigInt(row?.['rx-byte'] ?? 'x'), tx: BigInt(row?.['tx-byte'] ?? 'x') }
}

/** Bits per second the simulator really sent between two readings (difference modulo 2^64). */
const bps = (a: bigint, b: bigint, s: number) => (Number((b - a + TWO_64) % TWO_64) * 8) / s

describe('poller against a simulated router whose 64-bit counters wrap', () => {
  it('stores the real traffic rate across the wrap, no spike, no reboot event', async () => {
    const sim = await h.sim('wrap-1', 'rb5009-7.15')
    h.clock.advance(600_000)
    // put rx 2000 bytes below 2^64: 60 s of traffic (at least 20 kB/s in the sim) wraps it
    sim.router.setCounterOffset(TWO_64 - ether1(sim.router).rx - 2000n)
    const rt = await h.addDevice(sim)
    const a = ether1(sim.router)
    expect(await h.poll(rt)).toBe(true)
    h.clock.advance(60_000)
    const b = ether1(sim.router)
    expect(await h.poll(rt)).toBe(true)
    // the scenario really wrapped the rx counter between the two polls
    expect(a.rx).toBe(TWO_64 - 2000n)
    expect(b.rx).toBeLessThan(a.rx)

    h.metrics.flush()
    const now = h.clock.now()
    const q = {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      label: 'ether1',
      fromMs: now - 3_600_000,
      toMs: now,
    }
    const rx = h.metrics.read({ ...q, metric: 'if_rx' }, h.clock.now()).points
    const tx = h.metrics.read({ ...q, metric: 'if_tx' }, h.clock.now()).points
    expect(rx).toHaveLength(1)
    expect(tx).toHaveLength(1)
    const wantRx = bps(a.rx, b.rx, 60)
    const wantTx = bps(a.tx, b.tx, 60)
    // the simulator's ether1 runs between 20 kB/s and ~4 MB/s: far from a 2^64 spike
    expect(wantRx).toBeGreaterThan(100_000)
    expect(wantRx).toBeLessThan(100_000_000)
    expect(rx[0]?.avg).toBeGreaterThan(0)
    expect(Math.abs((rx[0]?.avg ?? 0) - wantRx)).toBeLessThanOrEqual(wantRx * 0.001 + 1)
    expect(tx[0]?.avg).toBeGreaterThan(0)
    expect(Math.abs((tx[0]?.avg ?? 0) - wantTx)).toBeLessThanOrEqual(wantTx * 0.001 + 1)
    expect(await eventKinds(h, rt)).toEqual(['came_online'])
  })

  it('after a reboot clears the offset: no rate across the reset, no wrap spike', async () => {
    const sim = await h.sim('wrap-2')
    h.clock.advance(600_000)
    sim.router.setCounterOffset(-1_000_000n)
    const rt = await h.addDevice(sim)
    expect(await h.poll(rt)).toBe(true)
    sim.router.reboot(5000)
    h.clock.advance(10_000)
    await sim.server.reconcile()
    h.clock.advance(50_000)
    expect(await h.poll(rt)).toBe(true)
    expect(sim.router.counterOffset).toBe(0n)
    h.clock.advance(60_000)
    const a = ether1(sim.router)
    expect(await h.poll(rt)).toBe(true)
    expect(a.rx).toBeLessThan(1n << 40n)
    expect(await eventKinds(h, rt)).toEqual(['came_online', 'rebooted'])
    h.metrics.flush()
    const now = h.clock.now()
    const q = { tenantId: h.tenantId, deviceId: rt.deviceId, metric: 'if_rx' as const }
    const points = h.metrics.read(
      { ...q, label: 'ether1', fromMs: now - 3_600_000, toMs: now },
      now,
    ).points
    // none across the reboot, one for the minute after it
    expect(points).toHaveLength(1)
    expect(points[0]?.avg).toBeGreaterThan(0)
    expect(points[0]?.avg).toBeLessThan(100_000_000)
  })
})
