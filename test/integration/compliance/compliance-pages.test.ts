// Compliance pages through the real app: the fleet view and a device's results after a stored
// export (a real RouterOS export), rule forms refusing bad input with the field named, and a
// viewer who can read but not change rules.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeCapture } from '../../../src/backups/index.ts'
import { evaluateDevices } from '../../../src/compliance/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

const EXPORT = readFileSync(
  join(import.meta.dirname, '../../fixtures/exports/rb5009_7.15.3.rsc'),
  'utf8',
)
let t: TestApp
let admin: TestAgent
let viewer: TestAgent
let deviceId: DeviceId

beforeAll(async () => {
  t = await createTestApp()
  const tenant = await makeTenant(t.deps, 'compliance-pages')
  const scope = forTenant(t.deps.kysely, tenant.id)
  const r = await addDevice(
    { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'a', ip: null } },
    deviceCreateSchema.parse({
      name: 'rb5009',
      host: '127.0.0.1',
      username: 'ops',
      password: 'Pw-123456',
    }),
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('device')
  deviceId = r.device.id
  const stored = await storeCapture({ deps: t.deps, scope }, deviceId, {
    stdout: EXPORT,
    stderr: '',
    exitCode: 0,
  })
  if (!stored.ok) throw new Error(`capture not stored: ${stored.reason}`)
  await evaluateDevices({ deps: t.deps, scope }, 'manual')
  admin = await loginAs(t, 'admin', tenant.id)
  viewer = await loginAs(t, 'viewer', tenant.id)
}, 30_000)
afterAll(() => t.close())

describe('compliance pages', () => {
  it('shows counts and each device with its failing rules', async () => {
    const html = await (await viewer.get('/compliance')).text()
    expect(html).toContain('rb5009')
    expect(html).toContain('Failing devices per rule')
    expect(html).toContain('NTP configured')
  })

  it("shows a device's rule results with reasons, lines and history", async () => {
    const html = await (await viewer.get(`/compliance/devices/${deviceId}`)).text()
    expect(html).toContain('Input chain drops')
    expect(html).toMatch(/line \d+: add action=drop chain=input/)
    expect(html).toContain('on demand')
  })

  it('refuses a custom rule with a bad menu path or a pattern over two lines, adding nothing', async () => {
    const res = await admin.post('/compliance/rules', {
      name: 'bad',
      path: '/ip; /system reboot',
      mode: 'must_contain',
      pattern: 'x',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Use menu words only')
    const two = await admin.request('POST', '/api/v1/compliance/rules', {
      json: { name: 'two', path: '/ip dns', mode: 'must_contain', pattern: 'a\nb' },
    })
    expect(two.status).toBe(422)
    const n = await admin.post('/compliance/settings', { firmwareMaxBehind: '-1' })
    expect(n.status).toBe(422)
    const rules = (await (await admin.get('/api/v1/compliance/rules')).json()) as {
      rules: unknown[]
      firmwareMaxBehind: number
    }
    expect(rules).toEqual({ rules: [], firmwareMaxBehind: 2 })
  })

  it('adds a rule that shows on the device at once; viewers cannot', async () => {
    expect(
      (
        await viewer.post('/compliance/rules', {
          name: 'v',
          path: '/ip dns',
          mode: 'must_contain',
          pattern: 'x',
        })
      ).status,
    ).toBe(403)
    const res = await admin.post('/compliance/rules', {
      name: 'DNS not open',
      path: '/ip/dns',
      mode: 'must_not_contain',
      pattern: 'allow-remote-requests=yes',
    })
    expect(res.status).toBe(303)
    const html = await (await viewer.get(`/compliance/devices/${deviceId}`)).text()
    expect(html).toContain('DNS not open')
  })
})
