import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fleetSummary } from '../../../src/dashboard/fleet-summary.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('fleetSummary', () => {
  it('counts by status, lists devices needing attention, top lists and recent events', async () => {
    const up = await h.addDevice(await h.sim('up-1'))
    const downSim = await h.sim('down-1')
    const down = await h.addDevice(downSim)
    await h.poll(up)
    await h.poll(down)
    downSim.router.faults.set({ unreachable: 'refused' })
    await downSim.server.reconcile()
    h.clock.advance(60_000)
    await h.poll(up)
    await h.poll(down)
    const latest = [up, down].flatMap((rt) =>
      rt.latest ? [{ deviceId: rt.deviceId, latest: rt.latest }] : [],
    )
    const s = await fleetSummary(h.scope, latest)
    expect(s.total).toBe(2)
    expect(s.counts).toMatchObject({ online: 1, offline: 1 })
    expect(s.attention.map((a) => a.name)).toEqual(['down-1'])
    expect(s.attention[0]?.lastError).toMatch(/refused|closed/i)
    expect(s.topCpu.map((t) => t.name)).toEqual(expect.arrayContaining(['up-1', 'down-1']))
    expect(s.topTraffic.find((t) => t.name === 'up-1')?.value).toBeGreaterThan(0)
    expect(s.events[0]).toMatchObject({ name: 'down-1', kind: 'went_offline' })
    expect(s.events.map((e) => e.kind).sort()).toEqual([
      'came_online',
      'came_online',
      'went_offline',
    ])
  })
})
