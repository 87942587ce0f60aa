// Credential-use transparency: every decryption of a tenant's secrets is counted per hour,
// purpose, subject and actor (the poller's many uses become one row with a count), a user's uses
// through the web UI carry the user, unusual uses are flagged, 90 days are kept, other tenants
// see nothing, and the log never holds a secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { openCredentials } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { flushKeyUse } from '../../../src/privacy/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestApp } from '../../support/test-app.ts'
import { closedPort } from '../device-access/listener.ts'

const SECRET = 'Key-Use-Secret-41'
let t: TestApp
let tenantId: TenantId
let scope: TenantScope

beforeEach(async () => {
  t = await createTestApp()
  tenantId = (await makeTenant(t.deps, 'keyuse')).id
  scope = forTenant(t.deps.kysely, tenantId)
})
afterEach(() => t.close())

async function device(name: string) {
  const input = deviceCreateSchema.parse({
    name,
    host: '127.0.0.9',
    api_port: String(await closedPort()),
    username: 'ops',
    password: SECRET,
  })
  const actor = { kind: 'user' as const, id: 'U1', name: 'seed', ip: null }
  const r = await addDevice({ deps: t.deps, scope, actor }, input, {
    check: false,
    saveAnyway: false,
  })
  if (!r.ok) throw new Error('add failed')
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', r.device.id)
    .executeTakeFirstOrThrow()
}

const rows = () => scope.selectFrom('key_use_events').selectAll().orderBy('purpose').execute()

describe('key-use log', () => {
  it("aggregates the poller's uses into one row per device, purpose and hour", async () => {
    const d = await device('edge-1')
    for (let i = 0; i < 5; i++) await openCredentials(t.deps, scope, d, 'poll')
    await flushKeyUse(t.deps)
    for (let i = 0; i < 3; i++) await openCredentials(t.deps, scope, d, 'poll')
    await flushKeyUse(t.deps)
    const r = await rows()
    expect(r).toHaveLength(1)
    expect(r[0]).toMatchObject({
      purpose: 'poll',
      subject_type: 'device',
      subject_id: d.id,
      actor_kind: 'system',
      count: 8,
    })
    // the next hour is a new row
    t.deps.clock.advance(3_600_000)
    await openCredentials(t.deps, scope, d, 'poll')
    await flushKeyUse(t.deps)
    expect(await rows()).toHaveLength(2)
    expect(JSON.stringify(await rows())).not.toContain(SECRET)
  })

  it('records the signed-in user for a check, flags first use and bursts, and shows them to admins only', async () => {
    const d = await device('edge-2')
    const admin = await loginAs(t, 'admin', tenantId)
    const operator = await loginAs(t, 'operator', tenantId)
    for (let i = 0; i < 20; i++) {
      const r = await operator.post(`/devices/${d.id}/check`)
      expect(r.status).toBeLessThan(500)
    }
    await openCredentials(t.deps, scope, d, 'poll')
    await flushKeyUse(t.deps)
    const byUser = (await rows()).find((r) => r.actor_kind === 'user')
    expect(byUser).toMatchObject({ purpose: 'check', actor_name: operator.username, count: 20 })

    const page = await admin.get('/key-use')
    expect(page.status).toBe(200)
    const text = visibleText(await page.text())
    expect(text).toContain('edge-2')
    expect(text).toContain(`first use of this device by ${operator.username}`)
    expect(text).toContain('20 uses in one hour')
    expect(text).toContain('system (poller, schedules)')
    const onlyUnusual = visibleText(await (await admin.get('/key-use?unusual=true')).text())
    expect(onlyUnusual).not.toContain('system (poller, schedules)')
    expect((await operator.get('/key-use')).status).toBe(403)

    const csv = await (await admin.get('/key-use.csv?purpose=check')).text()
    expect(csv.split('\n')[0]).toContain('hour_utc,purpose')
    expect(csv).toContain(`check,device,${d.id}`)
    expect(csv).not.toContain(',poll,')

    const api = await admin.get('/api/v1/key-use?purpose=check')
    const body = (await api.json()) as { uses: { purpose: string; unusual: string[] }[] }
    expect(body.uses).toHaveLength(1)
    expect(body.uses[0]?.unusual).toContain('20 uses in one hour')
    const bad = await admin.get('/key-use?from=2026-13-01')
    expect(bad.status).toBe(422)
  })

  it('shows nothing of another tenant and keeps 90 days', async () => {
    const d = await device('edge-3')
    await openCredentials(t.deps, scope, d, 'poll')
    await flushKeyUse(t.deps)
    const other = (await makeTenant(t.deps, 'other')).id
    const stranger = await loginAs(t, 'admin', other)
    const text = visibleText(await (await stranger.get('/key-use')).text())
    expect(text).toContain('No key use in this period.')
    expect(text).not.toContain('edge-3')
    t.deps.clock.advance(91 * 86_400_000)
    await flushKeyUse(t.deps)
    expect(await rows()).toHaveLength(0)
  })
})
