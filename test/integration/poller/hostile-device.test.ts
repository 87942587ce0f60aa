// Issue 8: a device whose replies never end fails each poll quickly with the cap error in plain
// words, is marked offline and is backed off like any failing device (after five failures in a
// row), while the real poller keeps running. Simulated routers over real sockets, real database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { Poller } from '../../../src/poller/scheduler.ts'
import { systemClock } from '../../../src/lib/time.ts'
import type { FaultSettings } from '../../../src/sim/device/faults.ts'
import { createHarness, type Harness } from './poller-harness.ts'

let h: Harness
let poller: Poller

beforeEach(async () => {
  h = await createHarness()
  poller = new Poller(
    {
      kysely: h.deps.kysely,
      unscoped: h.deps.unscoped,
      log: h.deps.log,
      clock: systemClock,
      metrics: h.backend,
      credentials: h.jobDeps.credentials,
    },
    // a deadline far away: the caps, not the deadline, must end these polls
    {
      tickMs: 20,
      syncMs: 50,
      fullSyncMs: 200,
      flushMs: 100,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 60_000,
    },
  )
})
afterEach(async () => {
  await poller.stop()
  await h.close()
})

async function waitFor(cond: () => boolean, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const CASES: [string, Partial<FaultSettings>, RegExp][] = [
  [
    'endless rows',
    { endlessRows: true },
    /^The device sent too (many rows|much data): .* \(connection closed\)$/,
  ],
  [
    'endless sentence',
    { endlessSentence: true },
    /^The device sent an oversized reply: the device sent a sentence larger than 1 MiB/,
  ],
  [
    'huge words',
    { hugeWords: true },
    /^The device sent an oversized reply: the device sent a sentence larger than 1 MiB/,
  ],
]

describe('a device that streams without end', () => {
  it('is marked with the cap error in plain words and backed off after five failures', async () => {
    const ids: string[] = []
    for (const [i, [, fault]] of CASES.entries()) {
      const sim = await h.sim(`hostile-${i}`, undefined, { realTime: true })
      sim.router.faults.set(fault)
      ids.push((await h.addDevice(sim, { intervalS: 1 })).deviceId)
    }
    poller.start()
    // how far away the next poll is, seen as soon as a device has failed five times in a row
    const wait = new Map<string, number>()
    await waitFor(
      () => {
        for (const id of ids) {
          const due = poller.dueAt(id)
          if (!wait.has(id) && poller.failures(id) >= 5 && due !== undefined)
            wait.set(id, due - Date.now())
        }
        return wait.size === ids.length
      },
      'five failures of every hostile device',
      40_000,
    )
    for (const [i, [what, , words]] of CASES.entries()) {
      const id = ids[i] as string
      const row = await h.scope
        .selectFrom('devices')
        .select(['last_status', 'last_error'])
        .where('id', '=', id as DeviceId)
        .executeTakeFirstOrThrow()
      expect(row.last_status, what).toBe('offline')
      expect(row.last_error, what).toMatch(words)
      // backed off: the next poll is at least 25 s away instead of the 1 s interval
      expect(wait.get(id), what).toBeGreaterThan(25_000)
    }
  }, 60_000)
})
