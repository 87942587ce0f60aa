// The poller opens credentials only for the endpoint of the row it connects to: a device moved
// to a listener behind the service's back (a later feature forgetting the rule, a CSV bug, a
// hand-edited database) is reported as needing its credentials again, and nothing is sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { createHarness, deviceRow, type Harness } from '../poller/poller-harness.ts'
import { startListener, type Listener } from './listener.ts'

const SECRET = 'Poller-Secret-5'
let h: Harness
let listener: Listener

beforeEach(async () => {
  h = await createHarness()
  listener = await startListener()
})
afterEach(async () => {
  await listener.close()
  await h.close()
})

describe('poller and bound credentials', () => {
  it('never sends stored credentials to an endpoint they were not sealed for', async () => {
    const sim = await h.sim('bound-1')
    sim.router.tree.add('/user', {
      name: 'ops',
      group: 'full',
      password: SECRET,
      disabled: 'false',
    })
    const rt = await h.addDevice(sim)
    await h.setCredentials(rt, 'ops', SECRET)
    expect(await h.poll(rt)).toBe(true)

    await h.scope
      .updateTable('devices')
      .set({ api_port: listener.port, updated_at: h.clock.now() + 1 })
      .where('id', '=', rt.deviceId as DeviceId)
      .execute()
    rt.settingsVersion = h.clock.now() + 1
    h.clock.advance(60_000)
    expect(await h.poll(rt)).toBe(false)
    const row = await deviceRow(h, rt)
    expect(row.last_status).toBe('auth_failed')
    expect(row.last_error).toContain('enter the user name and password again')
    expect(listener.connections).toBe(0)
    expect(listener.received()).not.toContain(SECRET)
  })
})
