// Group commit of poll results (issue 20): polls of one tenant that end together are stored in
// one transaction, yet each device's result stays its own (deleted row, lost lease, failure).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { pollDevice } from '../../../src/poller/poll-device.ts'
import { PollWriter, type PollWrite } from '../../../src/poller/poll-writer.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { createHarness, deviceRow, eventKinds, type Harness } from './poller-harness.ts'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

/** A scope of the harness's tenant that counts the transactions it opens. */
function countingScope(): { scope: TenantScope; count: () => number } {
  const scope = forTenant(h.deps.kysely, h.tenantId)
  const spy = vi.spyOn(scope, 'transaction')
  return { scope, count: () => spy.mock.calls.length }
}

async function devices(n: number): Promise<DeviceRuntime[]> {
  const out: DeviceRuntime[] = []
  for (let i = 0; i < n; i++) out.push(await h.addDevice(await h.sim(`gc-${i}`)))
  return out
}

function offlineWrite(rt: DeviceRuntime, extra: Partial<PollWrite> = {}): PollWrite {
  const at = h.clock.now()
  return {
    scope: h.scope,
    deviceId: rt.deviceId,
    at,
    result: {
      memory: { status: 'offline', facts: undefined, counters: undefined },
      patch: { last_status: 'offline', last_error: 'refused', last_polled_at: at },
      events: [{ kind: 'went_offline', message: 'refused' }],
      points: [],
    },
    snaps: [],
    ...extra,
  }
}

describe('group commit of poll results', () => {
  it('stores the polls of one tenant that end together in one transaction', async () => {
    const rts = await devices(4)
    const { scope, count } = countingScope()
    const deps = { ...h.jobDeps, writer: new PollWriter({ windowMs: 3000 }) }
    const ok = await Promise.all(rts.map((rt) => pollDevice(deps, rt, scope)))
    expect(ok).toEqual([true, true, true, true])
    expect(count()).toBe(1)
    for (const rt of rts) {
      expect((await deviceRow(h, rt)).last_status).toBe('online')
      expect(await eventKinds(h, rt)).toEqual(['came_online'])
    }
    const snaps = await h.scope.selectFrom('device_snapshots').select('device_id').execute()
    expect(new Set(snaps.map((s) => s.device_id)).size).toBe(4)
  })

  it('skips a deleted device and a device whose lease moved on, and stores the others', async () => {
    const [a, gone, lost, b] = await devices(4)
    await h.scope
      .deleteFrom('devices')
      .where('id', '=', gone!.deviceId as DeviceId)
      .execute()
    const writer = new PollWriter({ windowMs: 50 })
    const outcomes = await Promise.all([
      writer.write(offlineWrite(a!)),
      writer.write(offlineWrite(gone!)),
      writer.write(offlineWrite(lost!, { owns: () => false })),
      writer.write(offlineWrite(b!)),
    ])
    expect(outcomes).toEqual(['stored', 'gone', 'not_owned', 'stored'])
    expect((await deviceRow(h, lost!)).last_status).toBe('unknown')
    expect(await eventKinds(h, lost!)).toEqual([])
    for (const rt of [a!, b!]) {
      expect((await deviceRow(h, rt)).last_status).toBe('offline')
      expect(await eventKinds(h, rt)).toEqual(['went_offline'])
    }
  })

  it('a result whose write fails rolls back only itself: the others are written alone', async () => {
    const [a, bad, b] = await devices(3)
    const writer = new PollWriter({ windowMs: 50 })
    const boom = new Error('boom')
    const results = await Promise.allSettled([
      writer.write(offlineWrite(a!)),
      writer.write(
        offlineWrite(bad!, {
          owns: () => {
            throw boom
          },
        }),
      ),
      writer.write(offlineWrite(b!)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toBe(boom)
    expect((await deviceRow(h, bad!)).last_status).toBe('unknown')
    for (const rt of [a!, b!]) {
      expect((await deviceRow(h, rt)).last_status).toBe('offline')
      expect(await eventKinds(h, rt)).toEqual(['went_offline'])
    }
  })

  it('writes one batch of a tenant at a time: results arriving meanwhile go in the next one', async () => {
    const rts = await devices(5)
    const scope = forTenant(h.deps.kysely, h.tenantId)
    let active = 0
    let most = 0
    const original = scope.transaction.bind(scope)
    vi.spyOn(scope, 'transaction').mockImplementation(async (fn) => {
      most = Math.max(most, ++active)
      try {
        return await original(fn)
      } finally {
        active--
      }
    })
    const writer = new PollWriter({ windowMs: 0, maxBatch: 1 })
    const outcomes = await Promise.all(rts.map((rt) => writer.write(offlineWrite(rt, { scope }))))
    expect(outcomes).toEqual(rts.map(() => 'stored'))
    expect(most).toBe(1)
  })
})
