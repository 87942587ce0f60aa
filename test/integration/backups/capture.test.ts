// "Back up now" through device access against the simulator over real SSH sockets: the export
// flags per version, no new version for an unchanged config, a change announced on the event
// bus, and each fault (cut-off export, refused connection, wrong password, deleted device) gives
// plain words on the device and stores nothing.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findBackupStatus } from '../../../src/backups/backup-status.repo.ts'
import { listBackups, readBackupText } from '../../../src/backups/backups.service.ts'
import { backUpDevice, captureLive, type CaptureCtx } from '../../../src/backups/capture.service.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { DeviceAccess } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { EventBus, type PollerEventMap } from '../../../src/poller/index.ts'
import { sshExec, type SshExecOptions } from '../../../src/routeros/ssh.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const PASSWORD = 'Backup-Login-7'
const cleanups: (() => Promise<void> | void)[] = []
let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
  await deps.close()
})

interface Setup {
  ctx: CaptureCtx
  deviceId: DeviceId
  dev: SimRouter
  ssh: SshServerHandle
  commands: string[]
  changes: PollerEventMap['backup.changed'][]
}

async function setup(file: string, persona: string, version: string | null): Promise<Setup> {
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 't', created_at: deps.clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const dev = new SimRouter({
    persona,
    name: 'gw',
    clock: new ManualClock(),
    seedExport: readFileSync(join(DIR, file), 'utf8'),
  })
  dev.tree.add('/user', { name: 'ops', group: 'full', password: PASSWORD, disabled: 'false' })
  const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => ssh.close())
  const input = deviceCreateSchema.parse({
    name: 'gw',
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
  if (version !== null)
    await scope.updateTable('devices').set({ version }).where('id', '=', r.device.id).execute()
  const commands: string[] = []
  const access = new DeviceAccess(deps, {
    connectTimeoutMs: 3000,
    sshExec: (o: SshExecOptions) => (commands.push(o.command), sshExec(o)),
  })
  const bus = new EventBus()
  const changes: PollerEventMap['backup.changed'][] = []
  bus.on('backup.changed', (e) => changes.push(e))
  return {
    ctx: { deps: { ...deps, deviceAccess: access }, scope, bus },
    deviceId: r.device.id,
    dev,
    ssh,
    commands,
    changes,
  }
}

describe('backing up a device now', () => {
  it('v7: asks for secrets, stores once, ignores an unchanged config, announces a change with its summary', async () => {
    const s = await setup('rb5009_7.15.3.rsc', 'rb5009-7.15', '7.15.3')
    const r1 = await backUpDevice(s.ctx, s.deviceId)
    expect(r1).toMatchObject({ ok: true, changed: true, backup: { routerosVersion: '7.15.3' } })
    expect(s.commands).toEqual(['/export show-sensitive'])
    const r2 = await backUpDevice(s.ctx, s.deviceId)
    expect(r2).toMatchObject({ ok: true, changed: false })
    s.dev.tree.setSingleton('/system/identity', { name: 'warehouse-gw-2' })
    const r3 = await backUpDevice(s.ctx, s.deviceId)
    expect(r3).toMatchObject({ ok: true, changed: true, summary: '+1 −1 in /system identity' })
    expect(await listBackups(s.ctx, s.deviceId)).toHaveLength(2)
    expect(s.changes.map((e) => e.summary)).toEqual([
      '+' +
        (r1.ok ? r1.backup.linesAdded : 0) +
        ' −0 in ' +
        (r1.ok
          ? r1.backup.sections
              .slice(0, 3)
              .map((x) => x.section)
              .join(', ')
          : '') +
        (r1.ok && r1.backup.sections.length > 3
          ? ` and ${r1.backup.sections.length - 3} more`
          : ''),
      '+1 −1 in /system identity',
    ])
    expect(await findBackupStatus(s.ctx.scope, s.deviceId)).toMatchObject({
      last_error: null,
      last_success_at: expect.any(Number),
    })
  })

  it('v6: plain /export (secrets shown by default) stored exactly as captured', async () => {
    const s = await setup('rb4011_6.49.10.rsc', 'hap-ac-6.49', '6.49.10')
    const r = await backUpDevice(s.ctx, s.deviceId)
    expect(s.commands).toEqual(['/export'])
    if (!r.ok) throw new Error(r.reason)
    expect(await readBackupText(s.ctx, s.deviceId, r.backup.id)).toContain(
      'ipsec-secret=Ipsec-Shared-9f2c',
    )
  })

  it('a never-polled v7 device (version unknown) is asked again with show-sensitive', async () => {
    const s = await setup('rb5009_7.15.3.rsc', 'rb5009-7.15', null)
    const r = await backUpDevice(s.ctx, s.deviceId)
    expect(r).toMatchObject({ ok: true, changed: true })
    expect(s.commands).toEqual(['/export', '/export show-sensitive'])
  })

  it('an export cut off halfway is retried once, then nothing is stored and the device says why', async () => {
    const s = await setup('chr_7.12.1.rsc', 'chr-7.18', '7.12.1')
    s.ssh.faults = { truncateExportAfterBytes: 1500 }
    const r = await backUpDevice(s.ctx, s.deviceId)
    expect(r).toMatchObject({ ok: false, code: 'ssh' })
    expect(!r.ok && r.reason).toMatch(/^SSH to the device failed: .*connection closed/)
    expect(s.commands).toHaveLength(2)
    expect(await listBackups(s.ctx, s.deviceId)).toEqual([])
    expect(await findBackupStatus(s.ctx.scope, s.deviceId)).toMatchObject({
      last_success_at: null,
      last_error_code: 'ssh',
    })
    expect(await captureLive(s.ctx, s.deviceId)).toMatchObject({ ok: false, code: 'ssh' })
  })

  it('a cut-off export the retry gets whole is stored (one bad read does not lose the night)', async () => {
    const s = await setup('chr_7.12.1.rsc', 'chr-7.18', '7.12.1')
    s.ssh.faults = { truncateExportAfterBytes: 1500 }
    const access = s.ctx.deps.deviceAccess
    let n = 0
    const ctx: CaptureCtx = {
      ...s.ctx,
      deps: {
        ...s.ctx.deps,
        deviceAccess: Object.assign(Object.create(access) as DeviceAccess, {
          sshExec: async (...a: Parameters<DeviceAccess['sshExec']>) => {
            if (++n === 2) s.ssh.faults = {}
            return access.sshExec(...a)
          },
        }),
      },
    }
    expect(await backUpDevice(ctx, s.deviceId)).toMatchObject({ ok: true, changed: true })
  })

  it('wrong password and a refused connection give plain words and never block the next device', async () => {
    const s = await setup('chr_7.12.1.rsc', 'chr-7.18', '7.12.1')
    s.dev.faults.set({ loginFailure: true })
    const bad = await backUpDevice(s.ctx, s.deviceId)
    expect(bad).toMatchObject({ ok: false })
    expect(!bad.ok && bad.reason).toMatch(/SSH to the device failed: .*auth/i)
    s.dev.faults.set({ loginFailure: false })
    await s.ssh.close()
    const refused = await backUpDevice(s.ctx, s.deviceId)
    expect(!refused.ok && refused.reason).toMatch(/SSH to the device failed/)
    expect((await findBackupStatus(s.ctx.scope, s.deviceId))?.last_error).toBe(
      !refused.ok ? refused.reason : '',
    )
    expect(await listBackups(s.ctx, s.deviceId)).toEqual([])
  })

  it('a device deleted during its backup stores nothing and records nothing', async () => {
    const s = await setup('chr_7.12.1.rsc', 'chr-7.18', '7.12.1')
    s.ssh.faults = { exportChunkDelayMs: 50, exportChunkBytes: 2000 }
    const running = backUpDevice(s.ctx, s.deviceId)
    await new Promise((r) => setTimeout(r, 60))
    await s.ctx.scope.deleteFrom('devices').where('id', '=', s.deviceId).execute()
    expect(await running).toMatchObject({ ok: false, code: 'device_deleted' })
    expect(await s.ctx.scope.selectFrom('device_backups').select('id').execute()).toEqual([])
  })
})
