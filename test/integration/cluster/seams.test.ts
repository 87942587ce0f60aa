// The seams a cluster plugs into, on the real app (SQLite, simulated routers over real sockets):
// the poller polls only the devices its Assignment owns, follows changes of the share, and does not
// store a result once the device is no longer its own; the job runner skips a target another
// process claimed and marks what it ran as done. Without a cluster both default to "everything".
import { afterEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { Poller, type Assignment } from '../../../src/poller/index.ts'
import { pollDevice } from '../../../src/poller/poll-device.ts'
import { systemClock } from '../../../src/lib/time.ts'
import { installWorkClaims, type WorkClaims } from '../../../src/lib/work-claim.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { createJob, getJobDetail, jobRunner } from '../../../src/jobs/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** An assignment the test moves by hand, like lease rounds would. */
class ShareForTest implements Assignment {
  readonly pollOnJoin = true
  version = 1
  owned = new Set<string>()
  owns(id: string): boolean {
    return this.owned.has(id)
  }
  set(ids: string[]): void {
    this.owned = new Set(ids)
    this.version++
  }
}

describe('poller Assignment seam', () => {
  it('polls only owned devices and follows a change of the share', async () => {
    const h: Harness = await createHarness()
    cleanups.push(() => h.close())
    const ids: string[] = []
    for (const name of ['own-a', 'own-b', 'other-c']) {
      const sim = await h.sim(name, undefined, { realTime: true })
      ids.push((await h.addDevice(sim, { intervalS: 1 })).deviceId)
    }
    const [a, b, c] = ids as [string, string, string]
    const share = new ShareForTest()
    share.set([a, b])
    const poller = new Poller(
      {
        kysely: h.deps.kysely,
        unscoped: h.deps.unscoped,
        log: h.deps.log,
        clock: systemClock,
        metrics: h.backend,
        credentials: h.jobDeps.credentials,
      },
      { tickMs: 20, syncMs: 50, fullSyncMs: 60_000, flushMs: 100, assignment: share },
    )
    cleanups.push(() => poller.stop())
    const polls = new Map<string, number>()
    poller.bus.on('device.polled', (e) => polls.set(e.deviceId, (polls.get(e.deviceId) ?? 0) + 1))
    poller.start()
    await waitFor(() => (polls.get(a) ?? 0) >= 2 && (polls.get(b) ?? 0) >= 2, 'owned devices')
    expect(polls.get(c)).toBeUndefined()
    expect(poller.deviceCount).toBe(2)
    // a rebalance: c joins this share, a leaves it (no full sync due for a minute)
    share.set([b, c])
    await waitFor(() => (polls.get(c) ?? 0) >= 1, 'the device that joined', 5000)
    await waitFor(() => poller.dueAt(a) === undefined, 'the device that left to be dropped')
    const aPolls = polls.get(a) ?? 0
    await waitFor(() => (polls.get(b) ?? 0) >= aPolls + 2, 'more polls of b')
    expect(polls.get(a)).toBeLessThanOrEqual(aPolls + 1) // at most the one already running
    expect(poller.deviceCount).toBe(2)
  })

  it('does not store a poll result once the device is no longer owned (fencing)', async () => {
    const h: Harness = await createHarness()
    cleanups.push(() => h.close())
    const rt = await h.addDevice(await h.sim('fenced', undefined, { realTime: true }))
    const stored = await pollDevice({ ...h.jobDeps, owns: () => false }, rt, h.scope)
    expect(stored).toBe(false)
    const row = await h.scope
      .selectFrom('devices')
      .select(['last_status', 'last_polled_at'])
      .where('id', '=', rt.deviceId as DeviceId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ last_status: 'unknown', last_polled_at: null })
    // the owner stores it
    expect(await pollDevice({ ...h.jobDeps, owns: () => true }, rt, h.scope)).toBe(true)
  })
})

describe('job runner WorkClaims seam', () => {
  it('skips a target claimed by another process and marks the ones it ran done', async () => {
    const deps: TestDeps = await createTestDeps()
    const sims: { dev: SimRouter; ssh: SshServerHandle }[] = []
    cleanups.push(async () => {
      await jobRunner(deps).idle()
      for (const s of sims) {
        await s.ssh.close()
        s.dev.dispose()
      }
      await deps.close()
    })
    const tenantId = newId<TenantId>()
    await deps.db
      .insertInto('tenants')
      .values({ id: tenantId, name: 'claims', created_at: Date.now() })
      .execute()
    const scope = forTenant(deps.kysely, tenantId)
    const actor = { kind: 'user' as const, id: 'U', name: 'claims-test', ip: null }
    const deviceIds: string[] = []
    for (let i = 0; i < 3; i++) {
      const dev = new SimRouter({ persona: 'chr-7.18', name: `claims-${i}` })
      const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
      sims.push({ dev, ssh })
      const input = deviceCreateSchema.parse({
        name: `claims-${i}`,
        host: '127.0.0.1',
        api_port: '1',
        ssh_port: String(ssh.port),
        username: 'admin',
        password: '',
        is_enabled: 'false',
      })
      const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
      if (!r.ok) throw new Error('device')
      deviceIds.push(r.device.id)
    }
    const taken = deviceIds[1]!
    const done: string[] = []
    const claims: WorkClaims = {
      claimOnce: (kind, key) => Promise.resolve(kind === 'job.target' && !key.includes(taken)),
      done: (_kind, key) => {
        done.push(key)
        return Promise.resolve()
      },
      clustered: true,
      heldByLive: () => Promise.resolve(new Set<string>()),
    }
    installWorkClaims(deps.kysely, claims)
    const job = await createJob(
      { deps, scope, actor },
      {
        kind: 'command',
        command: '/system resource print',
        targets: { all: true },
        concurrency: 3,
        canary: 0,
        canaryAuto: false,
        stopOnFailure: false,
        timeoutS: 30,
        mode: 'standard',
      },
    )
    await jobRunner(deps).idle()
    const detail = await getJobDetail({ scope }, job.id)
    const state = new Map(detail.targets.map((t) => [t.deviceId, t.state]))
    expect(state.get(taken)).toBe('queued') // the other process runs it
    expect(deviceIds.filter((d) => d !== taken).map((d) => state.get(d))).toEqual([
      'succeeded',
      'succeeded',
    ])
    expect(done.sort()).toEqual(
      deviceIds
        .filter((d) => d !== taken)
        .map((d) => `${job.id}:${d}:0`)
        .sort(),
    )
  })
})
