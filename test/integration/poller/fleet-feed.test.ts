// The poller's port to its readers: snapshots come back typed as the collector parsed them, so a
// renamed field fails the readers' type check (tsc runs the type assertions below in npm test)
// instead of blanking a tab at run time.
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import type { SnapshotData } from '../../../src/poller/index.ts'
import { createHarness, type Harness } from './poller-harness.ts'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('the fleet feed in Deps', () => {
  it('reads what a real poll stored, typed as its collector parsed it (64-bit counters as strings)', async () => {
    const rt = await h.addDevice(await h.sim('feed-1'))
    await h.poll(rt)
    const resource = await h.deps.fleet.snapshot(h.scope, rt.deviceId, 'resource')
    expectTypeOf(resource?.data.totalMemory).toEqualTypeOf<number | undefined>()
    expect(resource?.data.totalMemory).toBeGreaterThan(0)
    expect(resource?.data.version).toMatch(/^\d+\.\d+/)
    const ifs = await h.deps.fleet.snapshot(h.scope, rt.deviceId, 'interfaces')
    expectTypeOf(ifs?.data[0]?.rxByte).toEqualTypeOf<string | undefined>()
    const ether1 = ifs?.data.find((i) => i.name === 'ether1')
    expect(typeof ether1?.running).toBe('boolean')
    expect(ether1?.rxByte).toMatch(/^\d+$/)
    expect(resource?.updatedAt).toBe(h.clock.now())
  })

  it("answers nothing for another tenant's device", async () => {
    const rt = await h.addDevice(await h.sim('feed-2'))
    await h.poll(rt)
    const { forTenant } = await import('../../../src/db/tenant-scope.ts')
    const other = forTenant(h.deps.kysely, 'T-OTHER' as never)
    expect(await h.deps.fleet.snapshot(other, rt.deviceId, 'resource')).toBeUndefined()
  })

  it('fails the type check when a reader names a field the collectors do not produce', () => {
    type Resource = SnapshotData['resource']
    // @ts-expect-error the resource collector has totalMemory, not memTotal
    const renamed: Resource['memTotal'] = 1
    expect(renamed).toBe(1)
  })
})
