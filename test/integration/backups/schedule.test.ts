// Backup schedules against simulated routers over real SSH: the most specific schedule wins
// (device, site, tenant, nightly default), a tick queues only the devices due that minute, each
// at a fixed offset inside the window, terse exports as a tenant option, and a configuration
// edit seen by the poller becomes one debounced capture that the dashboard lists as an event.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listBackups, readBackupText } from '../../../src/backups/backups.service.ts'
import { BackupScheduler } from '../../../src/backups/backup-scheduler.ts'
import type { CaptureResult } from '../../../src/backups/capture.service.ts'
import {
  DEFAULT_SCHEDULE,
  effectiveSchedule,
  listSchedules,
  parseSchedule,
  removeSchedule,
  saveBackupOptions,
  saveSchedule,
  spreadOffsetMs,
} from '../../../src/backups/schedule.service.ts'
import { listScheduleRows } from '../../../src/backups/schedule.repo.ts'
import type { DeviceId, SiteId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { DeviceAccess } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { ValidationError } from '../../../src/lib/errors.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { EventBus } from '../../../src/poller/index.ts'
import { sshExec, type SshExecOptions } from '../../../src/routeros/ssh.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

const PASSWORD = 'Sched-Login-7'
const admin = { user: 'admin', policies: new Set(['read', 'write', 'policy', 'sensitive']) }
const cleanups: (() => Promise<void> | void)[] = []
let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
  await deps.close()
})

interface Fleet {
  scope: TenantScope
  tenantId: TenantId
  bus: EventBus
  commands: string[]
  devices: { id: DeviceId; dev: SimRouter }[]
  scheduler(opts?: ConstructorParameters<typeof BackupScheduler>[2]): {
    s: BackupScheduler
    results: { deviceId: string; r: CaptureResult }[]
    settled(n: number): Promise<void>
  }
}

async function fleet(names: string[]): Promise<Fleet> {
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 't', created_at: deps.clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const devices: Fleet['devices'] = []
  for (const name of names) {
    const dev = new SimRouter({ persona: 'rb5009-7.15', name, clock: new ManualClock() })
    dev.tree.add('/user', { name: 'ops', group: 'full', password: PASSWORD, disabled: 'false' })
    const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
    cleanups.push(() => ssh.close())
    const input = deviceCreateSchema.parse({
      name,
      host: '127.0.0.1',
      ssh_port: String(ssh.port),
      username: 'ops',
      password: PASSWORD,
    })
    const r = await addDevice(
      { deps, scope, actor: { kind: 'user', id: 'U1', name: 'a', ip: null } },
      input,
      { check: false, saveAnyway: false },
    )
    if (!r.ok) throw new Error('device')
    await scope
      .updateTable('devices')
      .set({ version: '7.15.3' })
      .where('id', '=', r.device.id)
      .execute()
    devices.push({ id: r.device.id, dev })
  }
  const commands: string[] = []
  const access = new DeviceAccess(deps, {
    connectTimeoutMs: 3000,
    sshExec: (o: SshExecOptions) => (commands.push(o.command), sshExec(o)),
  })
  const bus = new EventBus()
  return {
    scope,
    tenantId,
    bus,
    commands,
    devices,
    scheduler(opts = {}) {
      const results: { deviceId: string; r: CaptureResult }[] = []
      const waiters: (() => void)[] = []
      const s = new BackupScheduler({ ...deps, deviceAccess: access }, bus, {
        noCron: true,
        now: () => Date.now(),
        ...opts,
        onResult: (_t, deviceId, r) => (
          results.push({ deviceId, r }),
          waiters.splice(0).forEach((w) => w())
        ),
      })
      cleanups.unshift(() => s.stop())
      const settled = async (n: number) => {
        while (results.length < n) await new Promise<void>((res) => waiters.push(res))
      }
      return { s, results, settled }
    },
  }
}

describe('backup schedules', () => {
  it('rejects a bad schedule with a clear message and stores nothing', async () => {
    const f = await fleet([])
    const ctx = { deps, scope: f.scope }
    await expect(
      saveSchedule(ctx, { kind: 'tenant' }, { cron: '* * * * * *', windowMinutes: 5 }),
    ).rejects.toThrow(ValidationError)
    await expect(
      saveSchedule(ctx, { kind: 'tenant' }, { cron: 'nightly', windowMinutes: 5 }),
    ).rejects.toThrow(ValidationError)
    await expect(
      saveSchedule(ctx, { kind: 'tenant' }, { cron: '0 2 * * *', windowMinutes: 721 }),
    ).rejects.toThrow(/Please correct/)
    await expect(
      saveSchedule(
        ctx,
        { kind: 'site', siteId: 'nope' as SiteId },
        { cron: '0 2 * * *', windowMinutes: 5 },
      ),
    ).rejects.toThrow(/Site not found/)
    expect(await listScheduleRows(f.scope)).toEqual([])
    expect(parseSchedule({ cron: ' 15  3 * * 1-5 ', windowMinutes: '30' })).toEqual({
      cron: '15 3 * * 1-5',
      windowMinutes: 30,
      enabled: true,
    })
    expect(await listSchedules(ctx)).toEqual([
      {
        ...DEFAULT_SCHEDULE,
        target: 'tenant',
        targetId: null,
        targetName: 'All devices',
        stored: false,
      },
    ])
  })

  it('device beats site beats tenant beats the nightly default; removing one falls back', async () => {
    const f = await fleet(['a', 'b', 'c'])
    const ctx = { deps, scope: f.scope }
    const siteId = newId<SiteId>()
    await f.scope
      .insertInto('sites', { id: siteId, name: 'Branch', created_at: deps.clock.now() })
      .execute()
    const [a, b, c] = f.devices.map((d) => d.id) as [DeviceId, DeviceId, DeviceId]
    await f.scope
      .updateTable('devices')
      .set({ site_id: siteId })
      .where('id', 'in', [b, c])
      .execute()
    await saveSchedule(ctx, { kind: 'tenant' }, { cron: '0 1 * * *', windowMinutes: 10 })
    await saveSchedule(ctx, { kind: 'site', siteId }, { cron: '0 3 * * *', windowMinutes: 0 })
    await saveSchedule(
      ctx,
      { kind: 'device', deviceId: c },
      { cron: '0 4 * * 0', windowMinutes: 0, enabled: false },
    )
    const rows = await listScheduleRows(f.scope)
    expect(effectiveSchedule(rows, { id: a, site_id: null }).cron).toBe('0 1 * * *')
    expect(effectiveSchedule(rows, { id: b, site_id: siteId }).cron).toBe('0 3 * * *')
    expect(effectiveSchedule(rows, { id: c, site_id: siteId })).toEqual({
      cron: '0 4 * * 0',
      windowMinutes: 0,
      enabled: false,
    })
    expect((await listSchedules(ctx)).map((s) => [s.target, s.targetName])).toEqual([
      ['tenant', 'All devices'],
      ['site', 'Branch'],
      ['device', 'c'],
    ])
    expect(await removeSchedule(ctx, { kind: 'device', deviceId: c })).toBe(true)
    expect(
      effectiveSchedule(await listScheduleRows(f.scope), { id: c, site_id: siteId }).cron,
    ).toBe('0 3 * * *')
    // a deleted site takes its schedule with it
    await f.scope.updateTable('devices').set({ site_id: null }).where('id', 'in', [b, c]).execute()
    await f.scope.deleteFrom('sites').where('id', '=', siteId).execute()
    expect((await listScheduleRows(f.scope)).map((r) => r.cron)).toEqual(['0 1 * * *'])
  })

  it('spreads 1,000 devices over the window at fixed offsets', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => spreadOffsetMs('T1', `D${i}`, 5))
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...offsets)).toBeLessThan(5 * 60_000)
    const perSecond = new Map<number, number>()
    for (const o of offsets)
      perSecond.set(Math.floor(o / 1000), (perSecond.get(Math.floor(o / 1000)) ?? 0) + 1)
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(12) // about 3.3 a second on average
    expect(spreadOffsetMs('T1', 'D7', 5)).toBe(offsets[7])
    expect(spreadOffsetMs('T1', 'D7', 0)).toBe(0)
  })

  it('a tick backs up only the devices due that minute, with terse exports when the tenant asks', async () => {
    const f = await fleet(['a', 'b'])
    const ctx = { deps, scope: f.scope }
    const [a, b] = f.devices.map((d) => d.id) as [DeviceId, DeviceId]
    await saveSchedule(ctx, { kind: 'tenant' }, { cron: '30 3 * * *', windowMinutes: 0 })
    await saveSchedule(
      ctx,
      { kind: 'device', deviceId: b },
      { cron: '30 3 * * *', windowMinutes: 0, enabled: false },
    )
    await saveBackupOptions(ctx, { terse: true })
    const { s, results, settled } = f.scheduler()
    expect(await s.tick(new Date(2026, 10, 2, 3, 29, 10))).toBe(0)
    expect(await s.tick(new Date(2026, 10, 2, 3, 30, 2))).toBe(1)
    await settled(1)
    expect(results.map((r) => [r.deviceId, r.r.ok])).toEqual([[a, true]])
    expect(f.commands).toEqual(['/export show-sensitive terse'])
    expect(await listBackups(ctx, b)).toEqual([])
    const [v] = await listBackups(ctx, a)
    expect(await readBackupText(ctx, a, v!.id)).toMatch(/^\/interface bridge add .*name=/m)
  })

  it('an edit seen by the poller becomes one debounced capture, listed as a config_changed event', async () => {
    const f = await fleet(['edge'])
    const ctx = { deps, scope: f.scope }
    const [{ id, dev }] = f.devices as [Fleet['devices'][0]]
    const { s, results, settled } = f.scheduler({ changeQuietMs: 150, changeMaxDelayMs: 400 })
    await saveSchedule(ctx, { kind: 'tenant' }, { cron: '0 2 * * *', windowMinutes: 0 })
    expect(await s.tick(new Date(2026, 10, 2, 2, 0, 0))).toBe(1) // nightly: the first version
    await settled(1)
    const changed: string[] = []
    f.bus.on('config.changed', (e) => changed.push(e.message))
    dev.exec('/ip/address', 'add', { address: '10.77.0.1/24', interface: 'ether3' }, admin)
    for (let i = 0; i < 3; i++) {
      f.bus.emit('device.config_activity', {
        tenantId: f.tenantId,
        deviceId: id,
        at: deps.clock.now(),
        message: 'address added by admin',
      })
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(results).toHaveLength(1) // still quiet-waiting
    await settled(2)
    await new Promise((r) => setTimeout(r, 300))
    expect(results).toHaveLength(2) // three reports, one capture
    expect(results[1]!.r).toMatchObject({ ok: true, changed: true })
    expect(await listBackups(ctx, id)).toHaveLength(2)
    expect(changed).toEqual(['Configuration changed: +1 −0 in /ip address'])
    const events = await f.scope
      .selectFrom('device_events')
      .select(['kind', 'message'])
      .where('device_id', '=', id)
      .execute()
    expect(events).toEqual([
      { kind: 'config_changed', message: 'Configuration changed: +1 −0 in /ip address' },
    ])
  })
})
