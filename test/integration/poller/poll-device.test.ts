import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { createLogger } from '../../../src/log.ts'
import { pollDevice } from '../../../src/poller/poll-device.ts'
import { createHarness, deviceRow, eventKinds, type Harness } from './poller-harness.ts'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('pollDevice against a simulated router', () => {
  it('polls a v7 device: online, facts on the row, came-online event, snapshots and metrics', async () => {
    const sim = await h.sim('core-1', 'rb5009-7.15')
    const rt = await h.addDevice(sim)
    const polled: string[] = []
    h.bus.on('device.polled', (e) => polled.push(e.status))
    expect(await h.poll(rt)).toBe(true)
    const row = await deviceRow(h, rt)
    expect(row.last_status).toBe('online')
    expect(row.last_error).toBeNull()
    expect(row.identity).toBe(sim.router.identity)
    expect(row.version).toContain('7.15')
    expect(row.last_seen_at).toBe(h.clock.now())
    expect(row.serial).toBe(sim.router.serialNumber)
    expect(await eventKinds(h, rt)).toEqual(['came_online'])
    expect(polled).toEqual(['online'])
    const snaps = await h.scope.selectFrom('device_snapshots').select('kind').execute()
    expect(snaps.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['interfaces', 'resource', 'health', 'routes']),
    )
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(true)
    h.metrics.flush()
    const q = {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      fromMs: h.clock.now() - 3_600_000,
      toMs: h.clock.now(),
    }
    expect(h.metrics.read({ ...q, metric: 'cpu' }, h.clock.now()).points).toHaveLength(2)
    const rx = h.metrics.read({ ...q, metric: 'if_rx', label: 'ether1' }, h.clock.now()).points
    expect(rx).toHaveLength(1)
    expect(rx[0]?.avg).toBeGreaterThan(0)
    expect(h.metrics.labels(h.tenantId, rt.deviceId, 'temperature').length).toBeGreaterThan(0)
  })

  it('polls a v6 device with the legacy wireless package and counts its clients', async () => {
    const sim = await h.sim('hap-1', 'hap-ac-6.49')
    const rt = await h.addDevice(sim)
    expect(await h.poll(rt)).toBe(true)
    expect((await deviceRow(h, rt)).last_status).toBe('online')
    expect(rt.probes.wireless?.menu).toBe('/interface/wireless/registration-table')
    h.metrics.flush()
    const q = {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      fromMs: h.clock.now() - 60_000,
      toMs: h.clock.now(),
    }
    expect(h.metrics.read({ ...q, metric: 'wl_clients' }, h.clock.now()).points).toHaveLength(1)
  })

  it('goes offline when the device refuses, with the reason in plain words, and comes back', async () => {
    const sim = await h.sim('edge-1')
    const rt = await h.addDevice(sim)
    await h.poll(rt)
    sim.router.faults.set({ unreachable: 'refused' })
    await sim.server.reconcile()
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(false)
    const down = await deviceRow(h, rt)
    expect(down.last_status).toBe('offline')
    expect(down.last_error).toMatch(/refused|closed/i)
    sim.router.faults.reset()
    await sim.server.reconcile()
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(true)
    expect((await deviceRow(h, rt)).last_status).toBe('online')
    expect(await eventKinds(h, rt)).toEqual(['came_online', 'went_offline', 'came_online'])
  })

  it('reports a reboot from uptime and stores no traffic spike across it', async () => {
    const sim = await h.sim('reboot-1')
    const rt = await h.addDevice(sim)
    await h.poll(rt)
    h.clock.advance(3_600_000)
    await h.poll(rt)
    sim.router.reboot(5000)
    h.clock.advance(10_000)
    await sim.server.reconcile()
    h.clock.advance(50_000)
    expect(await h.poll(rt)).toBe(true)
    h.clock.advance(60_000)
    await h.poll(rt)
    expect(await eventKinds(h, rt)).toEqual(['came_online', 'rebooted'])
    h.metrics.flush()
    const q = {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      metric: 'if_rx' as const,
      label: 'ether1',
      fromMs: 0,
      toMs: h.clock.now(),
    }
    const points = h.metrics.read(
      { ...q, fromMs: h.clock.now() - 5 * 3_600_000 },
      h.clock.now(),
    ).points
    // one rate before the reboot, none across it, one after
    expect(points).toHaveLength(2)
    for (const p of points) expect(p.avg).toBeLessThan(100_000_000)
  })

  it('reports auth_failed for a wrong password and picks up corrected credentials', async () => {
    const sim = await h.sim('auth-1')
    const rt = await h.addDevice(sim, { password: 'wrong' })
    expect(await h.poll(rt)).toBe(false)
    const row = await deviceRow(h, rt)
    expect(row.last_status).toBe('auth_failed')
    expect(row.last_error).toBe('The router rejected the user name or password.')
    await h.setCredentials(rt, 'admin', '')
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(true)
    expect((await deviceRow(h, rt)).last_status).toBe('online')
    expect(await eventKinds(h, rt)).toEqual(['auth_failed', 'came_online'])
  })

  it('fails over to the second management address when the first refuses', async () => {
    const sim = await h.sim('multiwan-1')
    // primary: 127.0.0.2 (nothing listens on this port there); second address: the simulator
    const rt = await h.addDevice(sim, { host: '127.0.0.2', host2: '127.0.0.1' })
    expect(await h.poll(rt)).toBe(true)
    expect(rt.connection.host).toBe('127.0.0.1')
    expect((await deviceRow(h, rt)).last_status).toBe('online')
  })
})

describe('pollDevice when the device is deleted while it is polled', () => {
  function capture(): { lines: string[]; deps: typeof h.jobDeps } {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    return { lines, deps: { ...h.jobDeps, log: createLogger({ level: 'warn', destination }) } }
  }

  it('skips the events and snapshots of a device deleted mid-poll, without an error', async () => {
    const sim = await h.sim('gone-1')
    const rt = await h.addDevice(sim)
    expect(await h.poll(rt)).toBe(true)
    // the device goes down, so this poll has a went_offline event to store, and the row is
    // deleted while the device is being contacted
    sim.router.faults.set({ unreachable: 'refused' })
    await sim.server.reconcile()
    h.clock.advance(60_000)
    const { lines, deps } = capture()
    const polled = pollDevice(deps, rt, h.scope)
    await h.scope
      .deleteFrom('devices')
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    expect(await polled).toBe(false)
    expect(lines.filter((l) => /"level":(50|60)/.test(l))).toEqual([])
    const events = await h.scope.selectFrom('device_events').select('kind').execute()
    expect(events).toEqual([])
    expect(rt.retired).toBe(true)
  })

  it('skips a successful poll of a device deleted after it answered', async () => {
    const sim = await h.sim('gone-2')
    const rt = await h.addDevice(sim)
    expect(await h.poll(rt)).toBe(true)
    await h.scope
      .deleteFrom('devices')
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    // the connection is still open: the poll succeeds and finds no row to write to
    h.clock.advance(10 * 60_000)
    const { lines, deps } = capture()
    expect(await pollDevice(deps, rt, h.scope)).toBe(false)
    expect(lines).toEqual([])
    expect(await h.scope.selectFrom('device_snapshots').select('kind').execute()).toEqual([])
    expect(rt.connection.isOpen).toBe(false)
  })

  it('drops quietly the poll of a device deleted before it connected', async () => {
    const sim = await h.sim('gone-3')
    const rt = await h.addDevice(sim)
    await h.scope
      .deleteFrom('devices')
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    const { lines, deps } = capture()
    expect(await pollDevice(deps, rt, h.scope)).toBe(false)
    expect(lines).toEqual([])
    expect(await h.scope.selectFrom('device_events').select('kind').execute()).toEqual([])
  })
})
