// The Backups tab and the fleet Backups page against a simulated router over real SSH: back up
// now, the timeline, a version masked for viewers and revealed (audited) for operators, diffs
// between versions, the audited .rsc download (operators only), coverage, a failing device's
// error in plain words, and the fleet search.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer, type SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

const SECRET = 'Ipsec-Shared-9f2c'
let t: TestApp
let dev: SimRouter
let ssh: SshServerHandle
let scope: TenantScope
let operator: TestAgent
let viewer: TestAgent
let deviceId: DeviceId
let brokenId: DeviceId

async function add(name: string, port: number): Promise<DeviceId> {
  const input = deviceCreateSchema.parse({
    name,
    host: '127.0.0.1',
    ssh_port: String(port),
    username: 'admin',
    password: '',
  })
  const r = await addDevice(
    { deps: t.deps, scope, actor: { kind: 'user', id: 'U', name: 'u', ip: null } },
    input,
    { check: false, saveAnyway: false },
  )
  if (!r.ok) throw new Error('add failed')
  return r.device.id
}

beforeAll(async () => {
  t = await createTestApp()
  const file = readFileSync(
    join(import.meta.dirname, '../../fixtures/exports/rb4011_6.49.10.rsc'),
    'utf8',
  )
  dev = new SimRouter({
    persona: 'hap-ac-6.49',
    name: 'page-gw',
    clock: new ManualClock(),
    seedExport: file,
  })
  ssh = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  const tenantId = (await makeTenant(t.deps, 'bak-pages')).id
  scope = forTenant(t.deps.kysely, tenantId)
  operator = await loginAs(t, 'operator', tenantId)
  viewer = await loginAs(t, 'viewer', tenantId)
  deviceId = await add('page-gw', ssh.port)
  brokenId = await add('page-broken', 1) // loopback port 1: refused at once
})
afterAll(async () => {
  await ssh.close()
  await t.close()
})

describe('Backups pages', () => {
  it('back up now stores a version; the timeline shows it; a change shows its summary and diff', async () => {
    expect(visibleText(await (await viewer.get(`/devices/${deviceId}/backups`)).text())).toContain(
      'Never backed up.',
    )
    expect((await viewer.post(`/devices/${deviceId}/backups`)).status).toBe(403)
    expect((await operator.post(`/devices/${deviceId}/backups`)).status).toBe(303)
    t.deps.clock.advance(60_000)
    dev.tree.setSingleton('/system/identity', { name: 'page-gw-2' })
    await operator.post(`/devices/${deviceId}/backups`)
    t.deps.clock.advance(60_000)
    const page = visibleText(await (await viewer.get(`/devices/${deviceId}/backups`)).text())
    expect(page).toMatch(/OK Last backup/)
    expect(page).toContain('+1 −1 in /system identity')
    const ids = await scope
      .selectFrom('device_backups')
      .select('id')
      .where('device_id', '=', deviceId)
      .orderBy('captured_at')
      .orderBy('id')
      .execute()
    expect(ids).toHaveLength(2)
    const diff = await (
      await viewer.get(`/devices/${deviceId}/backups/diff?from=${ids[0]?.id}&to=${ids[1]?.id}`)
    ).text()
    expect(visibleText(diff)).toContain('-set name=office-core +set name=page-gw-2')
    const live = await (
      await viewer.get(`/devices/${deviceId}/backups/diff?from=${ids[1]?.id}&to=live`)
    ).text()
    expect(visibleText(live)).toContain('No differences.')
  })

  it('a version is masked for viewers; operators reveal it (audited) and download the raw .rsc (audited)', async () => {
    const [b] = await scope
      .selectFrom('device_backups')
      .select('id')
      .where('device_id', '=', deviceId)
      .execute()
    const url = `/devices/${deviceId}/backups/${b?.id}`
    const masked = await (await viewer.get(`${url}?reveal=1`)).text()
    expect(masked).not.toContain(SECRET)
    expect(masked).not.toContain('Reveal secrets')
    const shown = await (await operator.get(`${url}?reveal=1`)).text()
    expect(shown).toContain(SECRET)
    expect((await viewer.get(`${url}/export.rsc`)).status).toBe(403)
    const rsc = await operator.get(`${url}/export.rsc`)
    expect(rsc.headers.get('Content-Disposition')).toContain('.rsc')
    expect(await rsc.text()).toContain(SECRET)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'backup.%')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['backup.download', 'backup.reveal'])
  })

  it('the fleet page shows coverage, a failing device in plain words, and finds config text', async () => {
    await operator.post(`/devices/${brokenId}/backups`)
    const page = visibleText(await (await viewer.get('/backups')).text())
    expect(page).toMatch(/1 Backed up \(24 h\)/)
    expect(page).toMatch(/1 Failing/)
    expect(page).toMatch(/page-broken Failing .*SSH to the device failed/)
    expect(page).not.toContain('Back up all now')
    const found = visibleText(await (await viewer.get('/backups?q=page-gw-2')).text())
    expect(found).toMatch(/page-gw \d+: set name=page-gw-2/)
    // the index holds masked text only
    expect(visibleText(await (await viewer.get(`/backups?q=${SECRET}`)).text())).toContain(
      "No device's latest configuration matches.",
    )
  })

  it('back up all now runs every device and reports progress', async () => {
    t.deps.clock.advance(60_000)
    expect((await operator.post('/backups/run')).status).toBe(303)
    let text = ''
    for (let i = 0; i < 100; i++) {
      text = visibleText(await (await operator.get('/backups')).text())
      if (/Last "back up all": 2 of 2 done/.test(text)) break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(text).toMatch(/Last "back up all": 2 of 2 done, 0 changed, 1 failed/)
  })
})
