// "Check now" and the add/edit check are sessions outside the poller's persistent connection:
// they share device access's limits, so clicking a hundred times opens at most two sessions to
// one router (measured at the simulated router itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice, type DeviceCtx } from '../../../src/devices/devices.service.ts'
import { checkStoredDevice } from '../../../src/devices/device-state.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { makeTenant } from '../../support/login.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'

let deps: TestDeps
let sim: SimDevice
let peak = 0

beforeAll(async () => {
  deps = await createTestDeps()
  sim = await startDevice({ name: 'limits', services: { api: true, apiSsl: false, ssh: false } })
  const open = sim.device.openSession.bind(sim.device)
  sim.device.openSession = (info) => {
    const s = open(info)
    peak = Math.max(peak, sim.device.sessions.size)
    return s
  }
})
afterAll(async () => {
  await sim.close()
  await deps.close()
})

describe('checks within the session limits', () => {
  it('runs 20 parallel "Check now" of one router with at most 2 sessions open', async () => {
    const scope = forTenant(deps.kysely, (await makeTenant(deps, 'limits')).id)
    const ctx: DeviceCtx = { deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } }
    const input = deviceCreateSchema.parse({
      name: 'r1',
      host: sim.host,
      api_port: String(sim.apiPort),
      username: sim.username,
      password: sim.password,
    })
    const added = await addDevice(ctx, input, { check: true, saveAnyway: false })
    if (!added.ok) throw new Error('add failed')
    peak = 0
    const results = await Promise.all(
      Array.from({ length: 20 }, () => checkStoredDevice(ctx, added.device.id)),
    )
    expect(results.every((r) => r.check.ok)).toBe(true)
    expect(peak).toBe(2)
  })
})
