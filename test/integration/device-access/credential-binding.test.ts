// Issue 7 (High): stored credentials must never travel to an endpoint they were not entered for.
// A listener on loopback plays the attacker's host; it must not even receive a connection when a
// device is pointed at it with blank credentials (form, service/API path, CSV) or when transport
// security is weakened. The admin's explicit confirmation works, is audited, and is admin-only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { openCredentials } from '../../../src/device-access/index.ts'
import {
  addDevice,
  updateDeviceSettings,
  type DeviceCtx,
} from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema, deviceUpdateSchema } from '../../../src/devices/devices.schema.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { closedPort, startListener, type Listener } from './listener.ts'
import { auditRow, auditRows } from '../../support/audit.ts'

const SECRET = 'Stored-Secret-77'
const FP = 'ab'.repeat(32)

let t: TestApp
let sim: SimDevice
let tenantId: TenantId
let scope: TenantScope
let operator: TestAgent
let admin: TestAgent
let listener: Listener
let unusedPort: number

beforeAll(async () => {
  t = await createTestApp()
  sim = await startDevice({ name: 'bind-sim', services: { api: true, apiSsl: false, ssh: false } })
  sim.device.tree.add('/user', { name: 'ops', group: 'full', password: SECRET, disabled: 'false' })
  tenantId = (await makeTenant(t.deps, 'binding')).id
  scope = forTenant(t.deps.kysely, tenantId)
  operator = await loginAs(t, 'operator', tenantId)
  admin = await loginAs(t, 'admin', tenantId)
  unusedPort = await closedPort()
})
afterAll(async () => {
  await sim.close()
  await t.close()
})
beforeEach(async () => {
  await listener?.close()
  listener = await startListener()
})

const ctx = (isAdmin = false): DeviceCtx => ({
  deps: t.deps,
  scope,
  actor: { kind: 'user', id: 'U1', name: 'op', ip: null, isAdmin },
})
let n = 0

/** A device with stored credentials `ops` / SECRET, added without a live check. */
async function stored(over: Record<string, string> = {}) {
  const input = deviceCreateSchema.parse({
    name: `dev-${++n}`,
    host: '127.0.0.5',
    api_port: String(unusedPort),
    username: 'ops',
    password: SECRET,
    ...over,
  })
  const r = await addDevice(ctx(), input, { check: false, saveAnyway: false })
  if (!r.ok) throw new Error('add failed')
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', r.device.id)
    .executeTakeFirstOrThrow()
}

type Row = Awaited<ReturnType<typeof stored>>
const s = (v: string | number | null) => (v === null ? '' : String(v))
/** The edit form as the browser sends it (credentials blank = "unchanged"). */
const editForm = (d: Row, over: Record<string, string>) => ({
  name: d.name,
  host: d.host,
  host2: s(d.host2),
  api_port: String(d.api_port),
  transport: d.transport,
  tls_mode: d.tls_mode,
  tls_fingerprint: s(d.tls_fingerprint),
  tls_ca_pem: s(d.tls_ca_pem),
  ssh_port: String(d.ssh_port),
  ssh_host_key: s(d.ssh_host_key),
  username: '',
  password: '',
  is_enabled: 'on',
  poll_interval_s: '60',
  ...over,
})
const reread = (id: string) =>
  scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id as DeviceId)
    .executeTakeFirstOrThrow()
const auditActions = async (id: string) =>
  await auditRows(t.deps, (q) => q.where('target_id', '=', id).orderBy('seq'))

/** Nothing reached the listener: no connection, so certainly no /login sentence and no password. */
function expectUntouched(): void {
  expect(listener.received()).not.toContain(SECRET)
  expect(listener.received()).not.toContain('/login')
  expect(listener.connections).toBe(0)
}

describe('stored credentials stay bound to their endpoint', () => {
  it('form: an operator pointing the API port at a listener with blank credentials gets 422; nothing is sent or saved', async () => {
    const d = await stored()
    const res = await operator.post(
      `/devices/${d.id}`,
      editForm(d, { host: '127.0.0.1', api_port: String(listener.port) }),
    )
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('enter the user name and password again')
    expectUntouched()
    expect(await reread(d.id)).toMatchObject({
      host: d.host,
      api_port: d.api_port,
      username_enc: d.username_enc,
    })
  })

  it('service path of the JSON API: an edit to a new host with blank credentials is refused before any connect', async () => {
    const d = await stored()
    const upd = deviceUpdateSchema.parse(
      editForm(d, { host: '127.0.0.1', api_port: String(listener.port) }),
    )
    for (const opts of [
      { check: true, saveAnyway: true },
      { check: false, saveAnyway: false },
    ]) {
      await expect(updateDeviceSettings(ctx(), d.id, upd, opts)).rejects.toMatchObject({
        status: 422,
        fields: { password: expect.any(String) },
      })
    }
    expectUntouched()
    expect((await reread(d.id)).api_port).toBe(d.api_port)
  })

  it('JSON API: PATCH /api/v1/devices/:id to a listener without credentials answers 422 and sends nothing', async () => {
    const d = await stored()
    for (const body of [
      { host: '127.0.0.1', apiPort: listener.port },
      { apiPort: listener.port, saveAnyway: true },
    ]) {
      const res = await operator.request('PATCH', `/api/v1/devices/${d.id}`, { json: body })
      expect(res.status).toBe(422)
      expect(JSON.stringify(await res.json())).toContain('enter the user name and password again')
    }
    const asOperator = await operator.request('PATCH', `/api/v1/devices/${d.id}`, {
      json: { apiPort: listener.port, sendStoredCredentials: true },
    })
    expect(asOperator.status).toBe(422)
    expectUntouched()
    expect((await reread(d.id)).api_port).toBe(d.api_port)
  })

  it('JSON API: an admin may send the stored credentials to a new endpoint with sendStoredCredentials (audited)', async () => {
    const d = await stored()
    const res = await admin.request('PATCH', `/api/v1/devices/${d.id}`, {
      json: { host: sim.host, apiPort: sim.apiPort, sendStoredCredentials: true },
    })
    expect(res.status).toBe(200)
    expect((await auditActions(d.id)).map((a) => a.action)).toContain('device.credentials_forward')
    expect(await openCredentials(t.deps, scope, await reread(d.id))).toEqual({
      username: 'ops',
      password: SECRET,
    })
  })

  it('CSV: a row moving a device to the listener with blank credential cells is refused as a whole', async () => {
    const d = await stored()
    const csv = `name,host,api_port,username,password\n${d.name},127.0.0.1,${listener.port},,\n`
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Nothing was imported.')
    expect(text).toContain('enter the user name and password again')
    expect((await reread(d.id)).api_port).toBe(d.api_port)
    expectUntouched()
  })

  it('API-SSL to plain API always needs re-entry, even with the admin confirmation', async () => {
    const d = await stored({ transport: 'api-ssl', tls_mode: 'pin', tls_fingerprint: FP })
    const form = editForm(d, {
      transport: 'api',
      api_port: String(listener.port),
      host: '127.0.0.1',
      send_stored_credentials: 'on',
    })
    const res = await admin.post(`/devices/${d.id}`, form)
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('Plain API sends the password unencrypted')
    expectUntouched()
  })

  it('a verified or pinned TLS mode to "insecure" always needs re-entry, even with the admin confirmation', async () => {
    const d = await stored({
      host: '127.0.0.1',
      api_port: String(listener.port),
      transport: 'api-ssl',
      tls_mode: 'pin',
      tls_fingerprint: FP,
    })
    const res = await admin.post(
      `/devices/${d.id}`,
      editForm(d, { tls_mode: 'insecure', send_stored_credentials: 'on' }),
    )
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('does not check who answers')
    expectUntouched()
    expect((await reread(d.id)).tls_mode).toBe('pin')
  })

  it('an operator cannot confirm sending the stored credentials to a new endpoint', async () => {
    const d = await stored()
    const res = await operator.post(
      `/devices/${d.id}`,
      editForm(d, {
        host: '127.0.0.1',
        api_port: String(listener.port),
        send_stored_credentials: 'on',
      }),
    )
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('Only an admin can send the stored credentials')
    expectUntouched()
  })

  it('an admin can confirm: the check logs in at the new endpoint, the credentials are re-bound, and it is audited', async () => {
    const d = await stored()
    const asked = await admin.post(
      `/devices/${d.id}`,
      editForm(d, { host: sim.host, api_port: String(sim.apiPort) }),
    )
    expect(asked.status).toBe(422)
    expect(visibleText(await asked.text())).toContain(
      'Send the stored credentials to the new endpoint',
    )
    const notOffered = await operator.post(
      `/devices/${d.id}`,
      editForm(d, { host: sim.host, api_port: String(sim.apiPort) }),
    )
    expect(visibleText(await notOffered.text())).not.toContain('Send the stored credentials')
    const form = editForm(d, {
      host: sim.host,
      api_port: String(sim.apiPort),
      send_stored_credentials: 'on',
    })
    const res = await admin.post(`/devices/${d.id}`, form)
    expect(res.status).toBe(303)
    const after = await reread(d.id)
    expect(after).toMatchObject({ host: sim.host, api_port: sim.apiPort, identity: 'bind-sim' })
    expect(await openCredentials(t.deps, scope, after)).toEqual({
      username: 'ops',
      password: SECRET,
    })
    const audit = await auditActions(d.id)
    expect(audit.map((a) => a.action)).toEqual([
      'device.create',
      'device.update',
      'device.credentials_forward',
    ])
    const forward = await auditRow(t.deps, (q) =>
      q.where('action', '=', 'device.credentials_forward').where('target_id', '=', d.id),
    )
    expect(JSON.parse(forward.details_json)).toMatchObject({
      changed: ['host', 'api_port'],
      api_port: sim.apiPort,
    })
    expect(forward.details_json).not.toContain(SECRET)
  })

  it('re-entering the credentials moves a device for any operator', async () => {
    const d = await stored()
    const res = await operator.post(
      `/devices/${d.id}`,
      editForm(d, {
        host: sim.host,
        api_port: String(sim.apiPort),
        username: 'ops',
        password: SECRET,
      }),
    )
    expect(res.status).toBe(303)
    expect(await openCredentials(t.deps, scope, await reread(d.id))).toEqual({
      username: 'ops',
      password: SECRET,
    })
  })

  it('a row changed behind the service (no re-entry) fails closed: "Check now" never connects', async () => {
    const d = await stored()
    await scope
      .updateTable('devices')
      .set({ host: '127.0.0.1', api_port: listener.port })
      .where('id', '=', d.id)
      .execute()
    const res = await operator.post(`/devices/${d.id}/check`, {})
    expect(res.status).toBe(303)
    const page = visibleText(await (await operator.get(`/devices/${d.id}`)).text())
    expect(page).toContain('enter the user name and password again')
    expectUntouched()
  })
})
