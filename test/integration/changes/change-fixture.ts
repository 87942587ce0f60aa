// Shared setup of the change-pipeline tests: a test app on a wall clock (the safe-apply
// countdown runs in real time against simulated routers), devices added over the API port of a
// simulator, and short pipeline timings (a few seconds' window, not two minutes).
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { configureChanges, type ChangeActor, type ChangeCtx } from '../../../src/changes/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import type { SimDevice } from '../../../src/sim/index.ts'
import type { TestClock } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'

export const wallClock = (): TestClock => ({
  now: () => Date.now(),
  set: () => undefined,
  advance: () => undefined,
})

export const ACTOR: ChangeActor = { kind: 'user', id: 'U1', name: 'alice', ip: '10.0.0.9' }

export interface ChangeFixture {
  t: TestApp
  scope: TenantScope
  tenantId: string
  ctx: ChangeCtx
  add(sim: SimDevice, name?: string): Promise<DeviceId>
}

export async function changeFixture(tenant = 'chg'): Promise<ChangeFixture> {
  const t = await createTestApp({ clock: wallClock() })
  configureChanges(t.deps, {
    connectTimeoutMs: 1500,
    commandTimeoutMs: 4000,
    applyBudgetS: 3,
    graceMs: 20_000,
    retryMs: 300,
  })
  const tenantId = (await makeTenant(t.deps, tenant)).id
  const scope = forTenant(t.deps.kysely, tenantId)
  const add = async (sim: SimDevice, name = sim.name): Promise<DeviceId> => {
    const input = deviceCreateSchema.parse({
      name,
      host: sim.host,
      api_port: String(sim.apiPort),
      ssh_port: String(sim.sshPort),
      username: sim.username,
      password: sim.password,
    })
    const r = await addDevice(
      { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
      input,
      { check: false, saveAnyway: false },
    )
    if (!r.ok) throw new Error('add failed')
    return r.device.id
  }
  return { t, scope, tenantId, ctx: { deps: t.deps, scope }, add }
}
