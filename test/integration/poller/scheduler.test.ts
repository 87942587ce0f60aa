import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { sealCredentials, dataKeyFor } from '../../../src/device-access/index.ts'
import { Poller } from '../../../src/poller/scheduler.ts'
import { systemClock } from '../../../src/lib/time.ts'
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
    {
      tickMs: 20,
      syncMs: 50,
      fullSyncMs: 200,
      flushMs: 100,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
    },
  )
})
afterEach(async () => {
  await poller.stop()
  await h.close()
})

async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function statusOf(id: string) {
  return h.scope
    .selectFrom('devices')
    .select(['last_status', 'last_error'])
    .where('id', '=', id as DeviceId)
    .executeTakeFirstOrThrow()
}

describe('Poller', () => {
  it('picks up a new device and a credential change without a restart', async () => {
    const sim = await h.sim('live-1', undefined, { realTime: true })
    poller.start()
    const rt = await h.addDevice(sim, { password: 'wrong', intervalS: 60 })
    await waitFor(
      async () => (await statusOf(rt.deviceId)).last_status === 'auth_failed',
      'auth_failed',
    )
    const key = await dataKeyFor({ secrets: h.deps.secrets, clock: systemClock }, h.scope)
    const row = await h.scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', rt.deviceId as DeviceId)
      .executeTakeFirstOrThrow()
    const sealed = sealCredentials(
      key,
      h.tenantId,
      rt.deviceId,
      { username: 'admin', password: '' },
      row,
    )
    await h.scope
      .updateTable('devices')
      .set({ ...sealed, updated_at: Date.now() })
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    await waitFor(async () => (await statusOf(rt.deviceId)).last_status === 'online', 'online')
  })

  it('keeps polling healthy devices while others stall, reset or send garbage', async () => {
    const faults = [
      { stall: true },
      { garbage: true },
      { resetMidSentence: true },
      { unreachable: 'drop' as const },
    ]
    const bad: string[] = []
    for (const [i, f] of faults.entries()) {
      const sim = await h.sim(`bad-${i}`, undefined, { realTime: true })
      sim.router.faults.set(f)
      bad.push((await h.addDevice(sim, { intervalS: 1 })).deviceId)
    }
    const good: string[] = []
    for (let i = 0; i < 3; i++) {
      const sim = await h.sim(`good-${i}`, undefined, { realTime: true })
      good.push((await h.addDevice(sim, { intervalS: 1 })).deviceId)
    }
    const polls = new Map<string, number>()
    poller.bus.on('device.polled', (e) => polls.set(e.deviceId, (polls.get(e.deviceId) ?? 0) + 1))
    poller.start()
    const stalled = bad[0] as string
    const dropped = bad[3] as string
    await waitFor(
      () => good.every((id) => (polls.get(id) ?? 0) >= 2),
      'two polls of every healthy device',
    )
    // the stalled and silently dropping devices are still inside their first poll (5 s timeouts)
    expect(polls.get(stalled) ?? 0).toBe(0)
    expect(polls.get(dropped) ?? 0).toBe(0)
    await waitFor(
      () => bad.every((id) => (polls.get(id) ?? 0) >= 1),
      'every faulty device to finish a poll',
      20_000,
    )
    for (const id of bad) expect((await statusOf(id)).last_status).not.toBe('online')
    for (const id of good) expect((await statusOf(id)).last_status).toBe('online')
  })

  it('backs off a device after five failures in a row', async () => {
    const sim = await h.sim('down-1', undefined, { realTime: true })
    sim.router.faults.set({ unreachable: 'refused' })
    await sim.server.reconcile()
    const rt = await h.addDevice(sim, { intervalS: 1 })
    poller.start()
    await waitFor(
      () => poller.failures(rt.deviceId) >= 5 && poller.dueAt(rt.deviceId) !== undefined,
      'five failures',
      15_000,
    )
    const wait = (poller.dueAt(rt.deviceId) as number) - Date.now()
    expect(wait).toBeGreaterThan(25_000)
    expect((await statusOf(rt.deviceId)).last_error).toMatch(/refused/i)
  })

  it('closes the connection of a device that is disabled', async () => {
    const sim = await h.sim('gone-1', undefined, { realTime: true })
    const rt = await h.addDevice(sim, { intervalS: 60 })
    poller.start()
    await waitFor(async () => (await statusOf(rt.deviceId)).last_status === 'online', 'online')
    expect(sim.server.connectionCount).toBe(1)
    await h.scope
      .updateTable('devices')
      .set({ is_enabled: 0, updated_at: Date.now() })
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    await waitFor(() => sim.server.connectionCount === 0, 'connection closed')
    expect(poller.deviceCount).toBe(0)
  })

  it('stops contacting the devices of a disabled tenant and resumes when it is enabled again', async () => {
    const sim = await h.sim('tenant-off-1', undefined, { realTime: true })
    const rt = await h.addDevice(sim, { intervalS: 60 })
    poller.start()
    await waitFor(async () => (await statusOf(rt.deviceId)).last_status === 'online', 'online')
    await h.deps.db
      .updateTable('tenants')
      .set({ is_disabled: 1 })
      .where('id', '=', h.tenantId)
      .execute()
    await waitFor(() => sim.server.connectionCount === 0, 'connection closed')
    expect(poller.deviceCount).toBe(0)
    await h.deps.db
      .updateTable('tenants')
      .set({ is_disabled: 0 })
      .where('id', '=', h.tenantId)
      .execute()
    // scheduled again (on its phase slot of the 60 s interval)
    await waitFor(() => poller.deviceCount === 1, 'scheduled again')
  })

  it('discards a poll cut short by shutdown instead of reporting the device offline', async () => {
    const sim = await h.sim('stop-1', undefined, { realTime: true })
    const rt = await h.addDevice(sim, { intervalS: 60 })
    poller.start()
    await waitFor(async () => (await statusOf(rt.deviceId)).last_status === 'online', 'online')
    sim.router.faults.set({ stall: true })
    await h.scope
      .updateTable('devices')
      .set({ updated_at: Date.now() })
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    await waitFor(() => poller.running === 1, 'a poll in flight')
    await poller.stop()
    expect((await statusOf(rt.deviceId)).last_status).toBe('online')
    const kinds = await h.scope.selectFrom('device_events').select('kind').execute()
    expect(kinds.map((k) => k.kind)).toEqual(['came_online'])
  })

  it('forgets a device deleted between full syncs after its next poll, closing its connection', async () => {
    await poller.stop()
    // no full sync after the first one: only the poll itself can notice the deletion
    poller = new Poller(
      {
        kysely: h.deps.kysely,
        unscoped: h.deps.unscoped,
        log: h.deps.log,
        clock: systemClock,
        metrics: h.backend,
        credentials: h.jobDeps.credentials,
      },
      {
        tickMs: 20,
        syncMs: 50,
        fullSyncMs: 1e9,
        flushMs: 100,
        connectTimeoutMs: 5000,
        commandTimeoutMs: 5000,
      },
    )
    const sim = await h.sim('deleted-1', undefined, { realTime: true })
    const rt = await h.addDevice(sim, { intervalS: 1 })
    poller.start()
    await waitFor(async () => (await statusOf(rt.deviceId)).last_status === 'online', 'online')
    await h.scope
      .deleteFrom('devices')
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    await waitFor(() => poller.deviceCount === 0, 'the deleted device to be forgotten')
    await waitFor(() => sim.server.connectionCount === 0, 'connection closed')
    expect(poller.dueAt(rt.deviceId)).toBeUndefined()
  })
})
