// Captures `/export` from the simulator over real SSH (test-side ssh2 client with the simulator's
// known login; the product will capture through the device-access module) and stores it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  listBackups,
  readBackupText,
  storeCapture,
  type BackupCtx,
} from '../../../src/backups/backups.service.ts'
import type { ExportCapture } from '../../../src/backups/backups.types.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const cleanups: (() => Promise<void> | void)[] = []
let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
  await deps.close()
})

function run(port: number, command: string): Promise<ExportCapture> {
  return new Promise((resolve) => {
    const c = new ssh2.Client()
    let stdout = ''
    let stderr = ''
    let exitCode: number | null = null
    let done = false
    const end = (): void => {
      if (done) return
      done = true
      c.end()
      resolve({ stdout, stderr, exitCode })
    }
    c.on('ready', () => {
      c.exec(command, (err, ch) => {
        if (err) return end()
        ch.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
        ch.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
        ch.on('exit', (n: number | null) => (exitCode = n))
        ch.on('close', end)
      })
    })
    c.on('error', end).on('close', end)
    c.connect({ host: '127.0.0.1', port, username: 'admin', password: '', readyTimeout: 5000 })
  })
}

async function setup(file: string): Promise<{
  ctx: BackupCtx
  deviceId: DeviceId
  dev: SimRouter
  clock: ManualClock
  ssh: SshServerHandle
}> {
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: 't', created_at: deps.clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const input = deviceCreateSchema.parse({
    name: 'gw',
    host: '127.0.0.1',
    username: 'admin',
    password: 'x',
  })
  const r = await addDevice(
    { deps, scope, actor: { kind: 'user', id: 'U1', name: 'a', ip: null } },
    input,
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('device')
  const clock = new ManualClock()
  const dev = new SimRouter({
    persona: 'rb5009-7.15',
    name: 'gw',
    clock,
    seedExport: readFileSync(join(DIR, file), 'utf8'),
  })
  const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => ssh.close())
  return { ctx: { deps, scope }, deviceId: r.device.id, dev, clock, ssh }
}

describe('capturing the simulator and storing versions', () => {
  it("stores a v7 capture once, ignores the next night's unchanged export, stores a real change", async () => {
    const { ctx, deviceId, clock, ssh } = await setup('rb5009_7.15.3.rsc')
    const first = await run(ssh.port, '/export show-sensitive')
    expect(first.exitCode).toBe(0)
    const r1 = await storeCapture(ctx, deviceId, first)
    expect(r1).toMatchObject({ ok: true, changed: true, backup: { routerosVersion: '7.15.3' } })
    if (!r1.ok) return
    expect(await readBackupText(ctx, deviceId, r1.backup.id)).toBe(first.stdout)
    clock.advance(86_400_000)
    const second = await run(ssh.port, '/export show-sensitive')
    expect(second.stdout).not.toBe(first.stdout) // the header date moved
    expect(await storeCapture(ctx, deviceId, second)).toMatchObject({ ok: true, changed: false })
    expect((await run(ssh.port, '/system identity set name=warehouse-gw-2')).exitCode).toBe(0)
    const r3 = await storeCapture(ctx, deviceId, {
      ...(await run(ssh.port, '/export show-sensitive')),
      changeRecorded: true,
    })
    expect(r3).toMatchObject({
      ok: true,
      changed: true,
      backup: { linesAdded: 1, linesRemoved: 1, sections: [{ section: '/system identity' }] },
    })
    expect(await listBackups(ctx, deviceId)).toHaveLength(2)
  })

  it('a v6 capture with CRLF and secrets shown by default is stored and read back exactly', async () => {
    const { ctx, deviceId, ssh } = await setup('rb4011_6.49.10.rsc')
    const cap = await run(ssh.port, '/export')
    expect(cap.stdout).toContain('\r\n')
    expect(cap.stdout).toContain('ipsec-secret=Ipsec-Shared-9f2c')
    const r = await storeCapture(ctx, deviceId, cap)
    expect(r.ok && (await readBackupText(ctx, deviceId, r.backup.id))).toBe(cap.stdout)
  })

  it('an export cut halfway by the connection dropping is never stored', async () => {
    const { ctx, deviceId, ssh } = await setup('chr_7.12.1.rsc')
    ssh.faults = { truncateExportAfterBytes: 1500 }
    const cap = await run(ssh.port, '/export show-sensitive')
    expect(cap.stdout.length).toBeGreaterThan(0)
    expect(cap.stdout.length).toBeLessThanOrEqual(1500)
    expect(cap.exitCode).toBeNull()
    expect(await storeCapture(ctx, deviceId, cap)).toMatchObject({
      ok: false,
      problem: 'exit_status',
      retry: false,
    })
    expect(await listBackups(ctx, deviceId)).toEqual([])
  })

  it('a RouterOS error instead of an export is never stored', async () => {
    const { ctx, deviceId, ssh } = await setup('chr_7.12.1.rsc')
    const cap = await run(ssh.port, '/export show-sensitive bogus-flag')
    expect(await storeCapture(ctx, deviceId, cap)).toMatchObject({ ok: false })
    expect(await listBackups(ctx, deviceId)).toEqual([])
  })
})
