// Polls whose results can't be stored because the appliance's own disk is full (a REAL full
// tmpfs the test mounts) are no fault of the devices: they must not push healthy devices into
// backoff, and once space is back every device is polled and stored again within its interval.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { systemClock } from '../../../src/lib/time.ts'
import { createLogger } from '../../../src/log.ts'
import { Poller } from '../../../src/poller/scheduler.ts'
import { mountTmpfs, type Tmpfs } from '../../support/tmpfs.ts'
import { createHarness, type Harness } from './poller-harness.ts'

const DEVICES = 20
const logLines: string[] = []
const log = createLogger({
  level: 'info',
  destination: new Writable({
    write: (chunk: Buffer, _enc, done) => {
      logLines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  }),
})

let fs: Tmpfs
let h: Harness
let poller: Poller

beforeEach(async () => {
  fs = mountTmpfs(16 * 1024 * 1024)
  mkdirSync(join(fs.dir, 'data'))
  h = await createHarness({ env: { OUTPOST_DATA_DIR: join(fs.dir, 'data') }, log })
  poller = new Poller(
    {
      kysely: h.deps.kysely,
      unscoped: h.deps.unscoped,
      log,
      clock: systemClock,
      metrics: h.backend,
      credentials: h.jobDeps.credentials,
    },
    {
      tickMs: 20,
      syncMs: 100,
      fullSyncMs: 1000,
      flushMs: 200,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
    },
  )
})
afterEach(async () => {
  fs.free()
  await poller.stop()
  await h.close()
  fs.unmount()
})

async function waitFor(cond: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function polledSince(ids: string[], since: number): Promise<number> {
  const rows = await h.scope
    .selectFrom('devices')
    .select(['id', 'last_polled_at', 'last_status'])
    .where('id', 'in', ids as DeviceId[])
    .execute()
  return rows.filter((r) => r.last_status === 'online' && (r.last_polled_at ?? 0) >= since).length
}

describe('Poller on a full appliance disk', () => {
  it('does not back devices off for it, and polls all of them again promptly when space returns', async () => {
    const ids: string[] = []
    for (let i = 0; i < DEVICES; i++) {
      const sim = await h.sim(`disk-${i}`, undefined, { realTime: true })
      ids.push((await h.addDevice(sim, { intervalS: 1 })).deviceId)
    }
    poller.start()
    await waitFor(
      async () => (await polledSince(ids, 0)) === DEVICES,
      'every device polled once',
      20_000,
    )

    fs.fill()
    // six poll rounds: more than the five failures in a row that start a device's backoff
    await new Promise((r) => setTimeout(r, 6500))
    expect(ids.map((id) => poller.failures(id))).toEqual(ids.map(() => 0))
    expect(
      logLines.filter((l) => l.includes('poll results not stored: the appliance disk is full')),
    ).toHaveLength(1)
    expect(logLines.some((l) => l.includes('poll job crashed'))).toBe(false)

    fs.free()
    const back = Date.now()
    // each device is due within its 1 s interval; allow for a loaded machine
    await waitFor(
      async () => (await polledSince(ids, back)) === DEVICES,
      'every device polled and stored again',
      4000,
    )
    expect(logLines.some((l) => l.includes('poll results stored again'))).toBe(true)
  }, 60_000)
})
