// The faults of the last section not covered by capture.test.ts, against the simulator
// over real SSH: a changed host key (the router was replaced), an export that hangs, and a full
// appliance disk. Each gives plain words, stores nothing, and never holds up the other devices.
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BackupScheduler } from '../../../src/backups/backup-scheduler.ts'
import { findBackupStatus } from '../../../src/backups/backup-status.repo.ts'
import { listBackups } from '../../../src/backups/backups.service.ts'
import {
  backUpDevice,
  type CaptureCtx,
  type CaptureResult,
} from '../../../src/backups/capture.service.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { DeviceAccess } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, sqliteOf, type TestDeps } from '../../support/db.ts'

const PASSWORD = 'Fault-Login-7'
const cleanups: (() => Promise<void> | void)[] = []
let deps: TestDeps
let scope: TenantScope
let ctx: CaptureCtx
beforeEach(async () => {
  deps = await createTestDeps()
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 't', created_at: deps.clock.now() })
    .execute()
  scope = forTenant(deps.kysely, tenantId)
  ctx = {
    deps: { ...deps, deviceAccess: new DeviceAccess(deps, { connectTimeoutMs: 3000 }) },
    scope,
    exportTimeoutMs: 1500,
  }
})
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
  await deps.close()
})

function router(name: string): SimRouter {
  const dev = new SimRouter({ persona: 'rb5009-7.15', name, clock: new ManualClock() })
  dev.tree.add('/user', { name: 'ops', group: 'full', password: PASSWORD, disabled: 'false' })
  return dev
}

async function serve(dev: SimRouter, port = 0): Promise<SshServerHandle> {
  const ssh = await startSshServer(dev, { host: '127.0.0.1', port })
  cleanups.push(() => ssh.close())
  return ssh
}

async function add(name: string, port: number): Promise<DeviceId> {
  const input = deviceCreateSchema.parse({
    name,
    host: '127.0.0.1',
    ssh_port: String(port),
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
  return r.device.id
}

describe('capture faults', () => {
  it('a changed host key (router replaced) is refused in plain words, recorded for an admin, and nothing is stored', async () => {
    const first = await serve(router('gw'))
    const id = await add('gw', first.port)
    expect(await backUpDevice(ctx, id)).toMatchObject({ ok: true, changed: true })
    const port = first.port
    await first.close()
    await serve(router('impostor'), port) // same address, another machine
    const r = await backUpDevice(ctx, id)
    expect(r).toMatchObject({ ok: false })
    expect(!r.ok && r.reason).toMatch(/host key/i)
    expect((await findBackupStatus(scope, id))?.last_error).toBe(!r.ok ? r.reason : '')
    expect(await listBackups(ctx, id)).toHaveLength(1)
    const events = await scope
      .selectFrom('device_events')
      .select('kind')
      .where('device_id', '=', id)
      .execute()
    expect(events.map((e) => e.kind)).toContain('host_key_changed')
  })

  it('an export that hangs times out, stores nothing, and the other devices are backed up meanwhile', async () => {
    const stuck = router('stuck')
    const a = await add('stuck', (await serve(stuck)).port)
    const b = await add('fine', (await serve(router('fine'))).port)
    stuck.faults.set({ stall: true })
    const results = new Map<string, CaptureResult>()
    let done: () => void = () => {}
    const all = new Promise<void>((res) => (done = res))
    const s = new BackupScheduler(
      { ...ctx.deps, kysely: deps.kysely, db: deps.db, log: deps.log },
      undefined,
      {
        noCron: true,
        now: () => Date.now(),
        concurrency: 2,
        exportTimeoutMs: 1500,
        onResult: (_t, d, r) => (results.set(d, r), results.size === 2 && done()),
      },
    )
    cleanups.unshift(() => s.stop())
    const started = Date.now()
    s.changeSeen(scope.tenantId, a)
    s.changeSeen(scope.tenantId, b)
    await all
    expect(results.get(b)).toMatchObject({ ok: true })
    const r = results.get(a)!
    expect(r).toMatchObject({ ok: false })
    expect(!r.ok && r.reason).toMatch(/took too long: ssh \/export/)
    expect(Date.now() - started).toBeLessThan(60_000)
    expect(await listBackups(ctx, a)).toEqual([])
    expect((await findBackupStatus(scope, a))?.last_error).toBe(!r.ok ? r.reason : '')
  }, 90_000)

  it('a full appliance disk stores nothing partial and says so; the next backup works once there is room', async () => {
    const gw = router('gw')
    // a config that needs pages of its own (a few KB even compressed)
    for (let i = 0; i < 300; i++)
      gw.tree.add('/ip/address', {
        address: `10.${i >> 8}.${i & 255}.1/24`,
        interface: 'ether2',
        comment: randomBytes(16).toString('hex'),
        disabled: 'false',
      })
    const id = await add('gw', (await serve(gw)).port)
    // fill the database to its (lowered) limit, as a full disk would
    sqliteOf(deps).exec('CREATE TABLE filler (x BLOB)')
    sqliteOf(deps).pragma(
      `max_page_count = ${Number(sqliteOf(deps).pragma('page_count', { simple: true })) + 50}`,
    )
    for (const size of [2000, 200, 20]) {
      try {
        for (;;) sqliteOf(deps).exec(`INSERT INTO filler VALUES (randomblob(${size}))`)
      } catch (e) {
        expect(String(e)).toMatch(/full/)
      }
    }
    const r = await backUpDevice(ctx, id)
    sqliteOf(deps).exec('DROP TABLE filler')
    sqliteOf(deps).pragma('max_page_count = 1073741823')
    expect(r).toEqual({
      ok: false,
      code: 'disk_full',
      reason: expect.stringContaining("The appliance's disk is full"),
    })
    expect(await scope.selectFrom('device_backups').select('id').execute()).toEqual([])
    expect(await scope.selectFrom('device_config_search').select('device_id').execute()).toEqual([])
    expect(await backUpDevice(ctx, id)).toMatchObject({ ok: true, changed: true })
  })
})
