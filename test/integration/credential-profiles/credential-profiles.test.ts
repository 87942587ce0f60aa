// Credential profiles (issue 15): pages, the binding rule for profile devices, rotation, CSV and
// the guarantee that a stored password only goes where an admin sent it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { openCredentials } from '../../../src/device-access/index.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { freePort } from '../../support/free-port.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRows } from '../../support/audit.ts'

let t: TestApp
let tenant: TenantId
let other: TenantId
let admin: TestAgent
let operator: TestAgent
let otherAdmin: TestAgent
let closedPort: number
let sim: SimDevice

const scope = () => forTenant(t.deps.kysely, tenant)

async function createProfile(agent: TestAgent, name: string, password: string) {
  const res = await agent.post('/credential-profiles', { name, username: 'admin', password })
  expect(res.status).toBe(303)
  const row = await scope()
    .selectFrom('credential_profiles')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row
}

async function deviceRow(name: string) {
  return scope()
    .selectFrom('devices')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
}

async function linkOf(deviceId: string) {
  const r = await scope()
    .selectFrom('device_credential_profiles')
    .select('profile_id')
    .where('device_id', '=', deviceId as never)
    .executeTakeFirst()
  return r?.profile_id ?? null
}

const device = (name: string, extra: Record<string, string> = {}) => ({
  name,
  host: '127.0.0.1',
  api_port: String(closedPort),
  is_enabled: 'false',
  poll_interval_s: '60',
  save_anyway: 'on',
  ...extra,
})

beforeAll(async () => {
  t = await createTestApp()
  closedPort = await freePort()
  tenant = (await makeTenant(t.deps, 'acme')).id
  other = (await makeTenant(t.deps, 'globex')).id
  admin = await loginAs(t, 'admin', tenant)
  operator = await loginAs(t, 'operator', tenant)
  otherAdmin = await loginAs(t, 'admin', other)
  sim = await startDevice({ services: { api: true, apiSsl: false, ssh: false } })
})
afterAll(async () => {
  await sim.close()
  await t.close()
})

describe('credential profiles pages', () => {
  it('stores the password sealed and never shows it', async () => {
    const p = await createProfile(admin, 'branch-routers', 'Profile-Secret-1')
    expect(p.password_enc).not.toContain('Profile-Secret-1')
    const html = await (await admin.get('/credential-profiles')).text()
    expect(visibleText(html)).toContain('branch-routers')
    expect(html).not.toContain('Profile-Secret-1')
  })

  it('is for admins only', async () => {
    expect((await operator.get('/credential-profiles')).status).toBe(403)
  })

  it('refuses a duplicate name with a message and creates nothing', async () => {
    const res = await admin.post('/credential-profiles', {
      name: 'BRANCH-routers',
      username: 'x',
      password: '',
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('already exists')
  })
})

describe('devices that use a profile', () => {
  it('an admin adds a device with a profile: the device gets the profile credentials', async () => {
    const p = await createProfile(admin, 'sim-admin', '')
    const res = await admin.post('/devices', {
      ...device('with-profile'),
      api_port: String(sim.apiPort),
      credential_profile_id: p.id,
    })
    expect(res.status).toBe(303)
    const row = await deviceRow('with-profile')
    expect(await linkOf(row.id)).toBe(p.id)
    expect(await openCredentials(t.deps, scope(), row)).toEqual({ username: 'admin', password: '' })
  })

  it('refuses an operator choosing a profile (it sends a stored password)', async () => {
    const p = await createProfile(admin, 'ops-try', 'Ops-Secret')
    const res = await operator.post('/devices', {
      ...device('op-profile'),
      credential_profile_id: p.id,
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(
      'Only an admin can give a device a credential profile',
    )
    const n = await scope()
      .selectFrom('devices')
      .select('id')
      .where('name', '=', 'op-profile')
      .execute()
    expect(n).toEqual([])
  })

  it("refuses another tenant's profile id", async () => {
    const p = await createProfile(admin, 'private-profile', 'Private-1')
    const res = await otherAdmin.post('/devices', {
      ...device('steal'),
      credential_profile_id: p.id,
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('Choose an existing credential profile')
  })

  it('a rotation reaches the device: the next connection uses the new password', async () => {
    const p = await scope()
      .selectFrom('credential_profiles')
      .selectAll()
      .where('name', '=', 'sim-admin')
      .executeTakeFirstOrThrow()
    const row = await deviceRow('with-profile')
    const ok = await admin.post(`/devices/${row.id}/check`, {})
    expect(ok.status).toBe(303)
    expect(visibleText(await (await admin.get(`/devices/${row.id}`)).text())).toContain('answered')
    const res = await admin.post(`/credential-profiles/${p.id}`, {
      name: 'sim-admin',
      username: 'admin',
      password: 'Rotated-Pw-7',
    })
    expect(res.status).toBe(303)
    const after = await deviceRow('with-profile')
    expect(await openCredentials(t.deps, scope(), after)).toEqual({
      username: 'admin',
      password: 'Rotated-Pw-7',
    })
    expect(after.updated_at).toBeGreaterThanOrEqual(row.updated_at)
    await admin.post(`/devices/${row.id}/check`, {})
    const page = visibleText(await (await admin.get(`/devices/${row.id}`)).text())
    expect(page).not.toContain('answered')
    const audit = await auditRows(t.deps, (q) =>
      q.where('action', '=', 'credential_profile.update'),
    )
    expect(audit.at(-1)?.details_json).toContain('"devices_resealed":1')
    expect(JSON.stringify(audit)).not.toContain('Rotated-Pw-7')
  })

  it('keeps the binding rule: a changed host needs re-entry or the admin confirmation', async () => {
    const p = await createProfile(admin, 'binding', 'Binding-1')
    await admin.post('/devices', { ...device('bound'), credential_profile_id: p.id })
    const row = await deviceRow('bound')
    const edit = { ...device('bound'), host: '127.0.0.9', credential_profile_id: p.id }
    const refused = await admin.post(`/devices/${row.id}`, edit)
    expect(refused.status).toBe(422)
    expect(visibleText(await refused.text())).toContain('enter the user name and password again')
    expect((await deviceRow('bound')).host).toBe('127.0.0.1')
    const confirmed = await admin.post(`/devices/${row.id}`, {
      ...edit,
      send_stored_credentials: 'on',
    })
    expect(confirmed.status).toBe(303)
    const moved = await deviceRow('bound')
    expect(moved.host).toBe('127.0.0.9')
    expect(await linkOf(row.id)).toBe(p.id)
    expect((await openCredentials(t.deps, scope(), moved)).password).toBe('Binding-1')
  })

  it('a rotation never re-seals credentials that were sealed for other settings', async () => {
    const p = await createProfile(admin, 'skip', 'Skip-1')
    await admin.post('/devices', { ...device('moved-behind'), credential_profile_id: p.id })
    const row = await deviceRow('moved-behind')
    // the row's host changed without the binding rule (as a bypass would): its copy no longer opens
    await scope()
      .updateTable('devices')
      .set({ host: '192.0.2.66' })
      .where('id', '=', row.id)
      .execute()
    const res = await admin.post(`/credential-profiles/${p.id}`, {
      name: 'skip',
      username: 'admin',
      password: 'Skip-2',
    })
    expect(res.status).toBe(303)
    const after = await deviceRow('moved-behind')
    expect(after.password_enc).toBe(row.password_enc)
    const flash = visibleText(await (await admin.get('/credential-profiles')).text())
    expect(flash).toContain('kept their old credentials')
    expect(flash).toContain('moved-behind')
  })

  it('typing credentials on the edit form leaves the profile', async () => {
    const p = await createProfile(admin, 'leave', 'Leave-1')
    await admin.post('/devices', { ...device('leaver'), credential_profile_id: p.id })
    const row = await deviceRow('leaver')
    const res = await operator.post(`/devices/${row.id}`, {
      ...device('leaver'),
      credential_profile_id: p.id,
      username: 'own',
      password: 'Own-Secret',
    })
    expect(res.status).toBe(303)
    expect(await linkOf(row.id)).toBeNull()
    expect(await openCredentials(t.deps, scope(), await deviceRow('leaver'))).toEqual({
      username: 'own',
      password: 'Own-Secret',
    })
  })

  it('refuses deleting a profile in use and deletes an unused one', async () => {
    const used = await createProfile(admin, 'in-use', 'In-Use-1')
    await admin.post('/devices', { ...device('user-of'), credential_profile_id: used.id })
    const refused = await admin.post(`/credential-profiles/${used.id}/delete`, {})
    expect(refused.status).toBe(422)
    expect(visibleText(await refused.text())).toContain('1 device(s) use profile in-use')
    const unused = await createProfile(admin, 'unused', 'Unused-1')
    expect((await admin.post(`/credential-profiles/${unused.id}/delete`, {})).status).toBe(303)
    const left = await scope().selectFrom('credential_profiles').select('name').execute()
    expect(left.map((r) => r.name)).not.toContain('unused')
  })
})

describe('CSV import with a credential_profile column', () => {
  const csv = (name: string, profile: string) =>
    `name,host,api_port,credential_profile,enabled\n${name},127.0.0.1,${closedPort},${profile},no\n`

  it('links the devices for an admin', async () => {
    const res = await admin.post('/devices/import', { csv: csv('csv-profiled', 'Branch-Routers') })
    expect(res.status).toBe(303)
    const row = await deviceRow('csv-profiled')
    expect(await linkOf(row.id)).not.toBeNull()
    expect((await openCredentials(t.deps, scope(), row)).password).toBe('Profile-Secret-1')
  })

  it('refuses an unknown profile and an operator choosing one, importing nothing', async () => {
    const unknown = await admin.post('/devices/import', { csv: csv('csv-x', 'no-such') })
    expect(visibleText(await unknown.text())).toContain('No credential profile "no-such"')
    const op = await operator.post('/devices/import', { csv: csv('csv-y', 'branch-routers') })
    expect(visibleText(await op.text())).toContain('Only an admin can give a device')
    const rows = await scope()
      .selectFrom('devices')
      .select('name')
      .where('name', 'in', ['csv-x', 'csv-y'])
      .execute()
    expect(rows).toEqual([])
  })
})
