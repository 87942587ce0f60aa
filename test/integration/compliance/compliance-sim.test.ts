// Compliance over configs the simulator exports over real SSH (seeded from real RouterOS exports):
// a stored backup version triggers an evaluation through the bus, results carry reasons and
// lines, history grows, settings and custom rules re-evaluate, and tenants never see each other.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backUpDevice, type CaptureCtx } from '../../../src/backups/capture.service.ts'
import {
  addCustomRule,
  ComplianceRunner,
  complianceSummary,
  deviceComplianceHistory,
  evaluateDevices,
  removeCustomRule,
  saveFirmwareMaxBehind,
} from '../../../src/compliance/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { DeviceAccess } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { EventBus } from '../../../src/poller/index.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer } from '../../../src/sim/ssh/ssh-server.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

const DIR = join(import.meta.dirname, '../../fixtures/exports')
const actor = { kind: 'user' as const, id: 'U1', name: 'a', ip: null }
const cleanups: (() => Promise<void> | void)[] = []
let deps: TestDeps
let bus: EventBus
let runner: ComplianceRunner
beforeEach(async () => {
  deps = await createTestDeps()
  bus = new EventBus()
  runner = new ComplianceRunner(deps, bus)
  runner.start()
})
afterEach(async () => {
  await runner.stop()
  for (const c of cleanups.splice(0)) await c()
  await deps.close()
})

async function tenant(): Promise<TenantScope> {
  const id = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id, name: `t-${id}`, created_at: deps.clock.now() })
    .execute()
  return forTenant(deps.kysely, id)
}

async function routerWith(
  scope: TenantScope,
  file: string,
  persona: string,
  login: { username: string; password: string },
): Promise<{ ctx: CaptureCtx; deviceId: DeviceId; dev: SimRouter }> {
  const dev = new SimRouter({
    persona,
    name: file,
    clock: new ManualClock(),
    seedExport: readFileSync(join(DIR, file), 'utf8'),
  })
  // the simulator's built-in admin has an empty password, like a factory-fresh router
  if (login.username !== 'admin')
    dev.tree.add('/user', {
      name: login.username,
      group: 'full',
      password: login.password,
      disabled: 'false',
    })
  const ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => ssh.close())
  const r = await addDevice(
    { deps, scope, actor },
    deviceCreateSchema.parse({
      name: file.replace('.rsc', ''),
      host: '127.0.0.1',
      ssh_port: String(ssh.port),
      ...login,
    }),
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('device not added')
  const access = new DeviceAccess(deps, { connectTimeoutMs: 3000 })
  return {
    ctx: { deps: { ...deps, deviceAccess: access }, scope, bus },
    deviceId: r.device.id,
    dev,
  }
}

describe('compliance over stored backups', () => {
  it('evaluates after each stored version, with reasons, lines and history', async () => {
    const scope = await tenant()
    const v6 = await routerWith(scope, 'rb4011_6.49.10.rsc', 'hap-ac-6.49', {
      username: 'ops',
      password: 'Ops-Login-9',
    })
    await scope
      .updateTable('devices')
      .set({ version: '6.49.10' })
      .where('id', '=', v6.deviceId)
      .execute()
    expect((await backUpDevice(v6.ctx, v6.deviceId)).ok).toBe(true)
    await runner.idle()
    let summary = await complianceSummary({ scope })
    expect(summary.counts).toEqual({ devices: 1, compliant: 0, failing: 1, notEvaluated: 0 })
    const first = summary.devices[0]
    expect(first?.trigger).toBe('backup')
    const services = first?.results.find((r) => r.rule === 'services_exposed')
    expect(services).toMatchObject({ status: 'fail' })
    expect(services?.reason).toContain('api')
    const ntp = first?.results.find((r) => r.rule === 'ntp_configured')
    expect(ntp).toMatchObject({
      status: 'pass',
      line: { text: 'set enabled=yes primary-ntp=192.0.2.123' },
    })
    expect(first?.results.find((r) => r.rule === 'admin_password')?.status).toBe('pass')

    // the operator closes the api service on the router; the next backup re-evaluates
    const api = v6.dev.tree.resolve('/ip/service', 'api')
    if (!api) throw new Error('no api service in the simulator')
    v6.dev.tree.set('/ip/service', api.id, { disabled: 'true' })
    deps.clock.advance(60_000)
    expect(await backUpDevice(v6.ctx, v6.deviceId)).toMatchObject({ ok: true, changed: true })
    await runner.idle()
    summary = await complianceSummary({ scope })
    expect(summary.devices[0]?.results.find((r) => r.rule === 'services_exposed')?.status).toBe(
      'pass',
    )
    const { history } = await deviceComplianceHistory({ scope }, v6.deviceId)
    expect(history.map((h) => h.trigger)).toEqual(['backup', 'backup'])
  })

  it('does not count a device without a stored configuration as compliant', async () => {
    const scope = await tenant()
    await routerWith(scope, 'oxidized-chr-7.16-show-sensitive.rsc', 'chr-7.18', {
      username: 'ops',
      password: 'Ops-Login-9',
    })
    expect(await evaluateDevices({ deps, scope }, 'manual')).toBe(1)
    const { counts, devices } = await complianceSummary({ scope })
    expect(devices[0]?.backupId).toBeNull()
    expect(counts.compliant).toBe(0)
    expect(counts.failing + counts.notEvaluated).toBe(1)
  })

  it('fails an empty admin password, re-evaluates on rule changes, and keeps tenants apart', async () => {
    const a = await tenant()
    const b = await tenant()
    const bare = await routerWith(a, 'oxidized-chr-7.16-show-sensitive.rsc', 'chr-7.18', {
      username: 'admin',
      password: '',
    })
    await backUpDevice(bare.ctx, bare.deviceId)
    await runner.idle()
    const res = (await complianceSummary({ scope: a })).devices[0]?.results
    expect(res?.find((r) => r.rule === 'admin_password')).toMatchObject({ status: 'fail' })
    for (const k of ['input_drop', 'ntp_configured', 'syslog_configured'])
      expect(res?.find((r) => r.rule === k)?.status, k).toBe('fail')

    const ctx = { deps, scope: a, actor }
    const ruleId = await addCustomRule(ctx, {
      name: 'Ethernet left as is',
      path: '/interface/ethernet',
      mode: 'must_contain',
      pattern: 'disable-running-check=no',
    })
    let latest = (await complianceSummary({ scope: a })).devices[0]
    expect(latest?.trigger).toBe('manual')
    expect(latest?.results.find((r) => r.rule === `custom:${ruleId}`)).toMatchObject({
      status: 'pass',
      line: { text: 'set [ find default-name=ether1 ] disable-running-check=no' },
    })
    deps.clock.advance(1000)
    await saveFirmwareMaxBehind(ctx, 0)
    deps.clock.advance(1000)
    await removeCustomRule(ctx, ruleId)
    latest = (await complianceSummary({ scope: a })).devices[0]
    expect(latest?.results.some((r) => r.rule.startsWith('custom:'))).toBe(false)
    await expect(removeCustomRule(ctx, ruleId)).rejects.toMatchObject({ status: 404 })

    // tenant B sees nothing of A, and A's device is a 404 there
    expect((await complianceSummary({ scope: b })).devices).toEqual([])
    await expect(deviceComplianceHistory({ scope: b }, bare.deviceId)).rejects.toMatchObject({
      status: 404,
    })
    // the daily pass evaluates every tenant's devices
    deps.clock.advance(1000)
    await runner.runDaily()
    expect((await deviceComplianceHistory({ scope: a }, bare.deviceId)).history[0]?.trigger).toBe(
      'daily',
    )
  })
})
