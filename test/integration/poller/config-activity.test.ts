// The poller reads the device log's edit lines (`… changed by …`) and announces them on the bus,
// so backups capture after a configuration change; the first poll only notes where the log is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PollerEventMap } from '../../../src/poller/index.ts'
import { createHarness, type Harness } from './poller-harness.ts'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

const admin = { user: 'admin', policies: new Set(['read', 'write', 'policy', 'sensitive']) }

describe('configuration edits seen by the poller', () => {
  it('an edit made between two polls is announced once; logins and old lines are not', async () => {
    const sim = await h.sim('edge-1', 'rb5009-7.15')
    sim.router.exec('/ip/address', 'add', { address: '10.9.9.1/24', interface: 'ether2' }, admin)
    const rt = await h.addDevice(sim)
    const seen: PollerEventMap['device.config_activity'][] = []
    h.bus.on('device.config_activity', (e) => seen.push(e))
    expect(await h.poll(rt)).toBe(true)
    expect(seen).toEqual([]) // the edit before the first poll is in the first backup anyway
    sim.router.exec('/ip/firewall/filter', 'add', { chain: 'input', action: 'drop' }, admin)
    sim.router.exec('/system/identity', 'set', { name: 'edge-1b' }, admin)
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(true)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ tenantId: h.tenantId, deviceId: rt.deviceId })
    expect(seen[0]!.message).toBe('filter rule added by admin\nidentity changed by admin')
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(true)
    expect(seen).toHaveLength(1)
  })
})
