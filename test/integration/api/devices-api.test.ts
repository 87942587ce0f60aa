// /api/v1 devices, labels and device data: camelCase in and out, the form's validation and
// service rules, role checks (sessions and API keys), paging, one error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../../src/api-keys/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { insertDeviceEvents } from '../../../src/poller/poller.repo.ts'
import { startSim, type Sim } from '../poller/poller-harness.ts'
import { createFullTestApp, type FullTestApp } from '../../support/full-app.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { auditRow } from '../../support/audit.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose JSON bodies, read field by field
type Json = Record<string, any>

let t: FullTestApp
let tenant: { id: TenantId; name: string }
let operator: TestAgent
let viewer: TestAgent
let other: TestAgent
let sim: Sim

beforeAll(async () => {
  t = await createFullTestApp()
  tenant = await makeTenant(t.deps, 'api-devices-co')
  operator = await loginAs(t, 'operator', tenant.id)
  viewer = await loginAs(t, 'viewer', tenant.id)
  other = await loginAs(t, 'admin', (await makeTenant(t.deps, 'api-other-co')).id)
  sim = await startSim(undefined, 'api-check-router')
})
afterAll(async () => {
  await sim.server.close()
  await t.close()
})

async function send(
  agent: TestAgent,
  method: string,
  url: string,
  json?: unknown,
  headers: Record<string, string> = {},
) {
  const h = { ...headers }
  if (method !== 'GET' && json === undefined && !h.Authorization)
    h['X-CSRF-Token'] = await agent.csrfToken()
  const auth = h.Authorization ? { csrf: false, origin: false } : {}
  const res = await agent.request(method, url, {
    headers: h,
    ...auth,
    ...(json === undefined ? {} : { json }),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json, text }
}

async function addOne(name: string, extra: Json = {}): Promise<Json> {
  const r = await send(operator, 'POST', '/api/v1/devices', [
    { name, host: '127.0.0.1', apiPort: 1, username: 'admin', password: 'Pw-Secret-1', ...extra },
  ])
  expect(r.status).toBe(201)
  return r.body.devices[0]
}

describe('casing and the error shape', () => {
  it('answers camelCase, refuses the old snake_case names with a clear 422, and names bad fields in camelCase', async () => {
    const d = await addOne('case-1', { pollIntervalS: 30 })
    expect(d).toMatchObject({
      apiPort: 1,
      pollIntervalS: 30,
      enabled: true,
      status: 'unknown',
      lastSeenAt: null,
    })
    expect(Object.keys(d).filter((k) => k.includes('_'))).toEqual([])

    const old = await send(operator, 'POST', '/api/v1/devices', [
      { name: 'case-2', host: '10.0.0.2', username: 'a', api_port: 8728 },
    ])
    expect(old.status).toBe(422)
    expect(old.body.error.code).toBe('validation_failed')
    expect(JSON.stringify(old.body.error.fields)).toContain('api_port')

    // a cross-field rule of the form schema, reported under the API's name
    const tls = await send(operator, 'PATCH', `/api/v1/devices/${d.id}`, {
      transport: 'api-ssl',
      tlsMode: 'pin',
    })
    expect(tls.status).toBe(422)
    expect(tls.body.error.fields).toEqual({
      tlsFingerprint: 'Enter the certificate fingerprint to pin.',
    })
    const missing = await send(operator, 'GET', '/api/v1/nothing-here')
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })
})

describe('read, edit, enable/disable, check, delete', () => {
  it('PATCH changes only what is sent, through the form service (audited, credentials kept)', async () => {
    const site = (await send(operator, 'POST', '/api/v1/sites', { name: 'Depot' })).body.site
    const tag = (await send(operator, 'POST', '/api/v1/tags', { name: 'core' })).body.tag
    const d = await addOne('edit-1', { siteId: site.id, tagIds: [tag.id] })
    const r = await send(operator, 'PATCH', `/api/v1/devices/${d.id}`, {
      notes: 'rack 4',
      pollIntervalS: 300,
    })
    expect(r.status).toBe(200)
    expect(r.body.device).toMatchObject({
      notes: 'rack 4',
      pollIntervalS: 300,
      site: { id: site.id },
      tags: [{ id: tag.id }],
      host: '127.0.0.1',
      apiPort: 1,
    })
    expect(r.body.check).toBeUndefined()
    const scope = forTenant(t.deps.kysely, tenant.id)
    const row = await scope
      .selectFrom('devices')
      .select(['username_enc', 'password_enc'])
      .where('id', '=', d.id as DeviceId)
      .executeTakeFirstOrThrow()
    expect(row.password_enc).toBeTruthy()
    const audit = await auditRow(t.deps, (q) =>
      q.where('target_id', '=', d.id).where('action', '=', 'device.update'),
    )
    expect(audit.details_json).toContain('notes')
  })

  it('PATCH of the connection checks the device first: 422 check_failed changes nothing, saveAnyway saves', async () => {
    const d = await addOne('edit-2')
    // a new endpoint needs the credentials again (credential binding), then the check runs
    const unbound = await send(operator, 'PATCH', `/api/v1/devices/${d.id}`, { host: '127.0.0.2' })
    expect(unbound.status).toBe(422)
    expect(unbound.body.error.code).toBe('validation_failed')
    const login = { username: 'admin', password: 'new-secret' }
    const refused = await send(operator, 'PATCH', `/api/v1/devices/${d.id}`, {
      host: '127.0.0.2',
      ...login,
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('check_failed')
    expect((await send(viewer, 'GET', `/api/v1/devices/${d.id}`)).body.device.host).toBe(
      '127.0.0.1',
    )
    const saved = await send(operator, 'PATCH', `/api/v1/devices/${d.id}`, {
      host: '127.0.0.2',
      ...login,
      saveAnyway: true,
    })
    expect(saved.status).toBe(200)
    expect(saved.body.device.host).toBe('127.0.0.2')
    expect(saved.body.check).toMatchObject({ ok: false })
  })

  it('adds one device like the form: checked first, 422 check_failed unless saveAnyway', async () => {
    const body = {
      name: 'single-1',
      host: '127.0.0.1',
      apiPort: sim.server.port,
      username: 'admin',
      password: '',
    }
    const ok = await send(operator, 'POST', '/api/v1/devices', body)
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({
      device: { name: 'single-1', identity: 'api-check-router' },
      check: { ok: true },
    })
    const down = { name: 'single-2', host: '127.0.0.1', apiPort: 1, username: 'admin' }
    const refused = await send(operator, 'POST', '/api/v1/devices', down)
    expect(refused.body.error.code).toBe('check_failed')
    expect((await send(viewer, 'GET', '/api/v1/devices?q=single-2')).body.total).toBe(0)
    const saved = await send(operator, 'POST', '/api/v1/devices', { ...down, saveAnyway: true })
    expect(saved.status).toBe(201)
    expect(saved.body.check.ok).toBe(false)
  })

  it('checks a (simulated) router, enables, disables and deletes', async () => {
    const d = await addOne('sim-1', { apiPort: sim.server.port, password: '' })
    const checked = await send(operator, 'POST', `/api/v1/devices/${d.id}/check`)
    expect(checked.status).toBe(200)
    expect(checked.body.check).toMatchObject({ ok: true, identity: 'api-check-router' })
    expect(
      (await send(operator, 'POST', `/api/v1/devices/${d.id}/disable`)).body.device,
    ).toMatchObject({ enabled: false, status: 'disabled' })
    expect(
      (await send(operator, 'POST', `/api/v1/devices/${d.id}/enable`)).body.device.enabled,
    ).toBe(true)
    expect((await send(operator, 'DELETE', `/api/v1/devices/${d.id}`)).status).toBe(204)
    expect((await send(operator, 'GET', `/api/v1/devices/${d.id}`)).body.error.code).toBe(
      'device_not_found',
    )
  })
})

describe('roles and tenants', () => {
  it('a viewer reads but cannot change; another tenant gets 404; keys act with their role', async () => {
    const d = await addOne('role-1')
    expect((await send(viewer, 'GET', `/api/v1/devices/${d.id}`)).status).toBe(200)
    for (const [m, url, body] of [
      ['PATCH', `/api/v1/devices/${d.id}`, { notes: 'x' }],
      ['POST', `/api/v1/devices/${d.id}/disable`, undefined],
      ['DELETE', `/api/v1/devices/${d.id}`, undefined],
      ['POST', '/api/v1/sites', { name: 'nope' }],
      ['POST', '/api/v1/devices/bulk', { deviceIds: [d.id], pollIntervalS: 60 }],
    ] as const) {
      const r = await send(viewer, m, url, body)
      expect(r.status, `${m} ${url}`).toBe(403)
      expect(r.body.error.code).toBe('forbidden')
    }
    expect((await send(other, 'GET', `/api/v1/devices/${d.id}`)).status).toBe(404)
    expect((await send(other, 'PATCH', `/api/v1/devices/${d.id}`, { notes: 'x' })).status).toBe(404)

    const admin = await makeUser(t.deps, { memberships: [{ tenantId: tenant.id, role: 'admin' }] })
    const actor = {
      kind: 'user' as const,
      id: admin.id,
      name: admin.username,
      userId: admin.id,
      isSuperAdmin: false,
      ip: null,
    }
    const scope = forTenant(t.deps.kysely, tenant.id)
    const viewKey = (await createApiKey(t.deps, actor, scope, { name: 'ro', role: 'viewer' })).token
    const opKey = (await createApiKey(t.deps, actor, scope, { name: 'rw', role: 'operator' })).token
    const client = t.agent()
    expect(
      (
        await send(
          client,
          'PATCH',
          `/api/v1/devices/${d.id}`,
          { notes: 'by key' },
          { Authorization: `Bearer ${viewKey}` },
        )
      ).status,
    ).toBe(403)
    const ok = await send(
      client,
      'PATCH',
      `/api/v1/devices/${d.id}`,
      { notes: 'by key' },
      { Authorization: `Bearer ${opKey}` },
    )
    expect(ok.body.device.notes).toBe('by key')
  })
})

describe('paging', () => {
  it('pages the device list and the event log (cursor) without gaps or repeats', async () => {
    for (let i = 0; i < 12; i++) await addOne(`page-${String(i).padStart(2, '0')}`)
    const first = await send(viewer, 'GET', '/api/v1/devices?pageSize=10&q=page-')
    expect(first.body).toMatchObject({
      total: 12,
      page: 1,
      pageSize: 10,
      pageCount: 2,
      hasMore: true,
    })
    const second = await send(viewer, 'GET', '/api/v1/devices?pageSize=10&q=page-&page=2')
    expect(second.body).toMatchObject({ page: 2, hasMore: false })
    expect(second.body.devices).toHaveLength(2)

    const d = await addOne('events-1')
    const scope = forTenant(t.deps.kysely, tenant.id)
    // several events at the same millisecond: the cursor must order by (at, id)
    for (let i = 0; i < 5; i++) {
      await insertDeviceEvents(
        scope,
        d.id,
        [
          { kind: 'came_online', message: `up ${i}` },
          { kind: 'went_offline', message: `down ${i}` },
        ],
        1_000 + Math.floor(i / 2),
      )
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const r: { body: Json } = await send(
        viewer,
        'GET',
        `/api/v1/devices/${d.id}/events?limit=3${cursor ? `&before=${cursor}` : ''}`,
      )
      seen.push(...r.body.events.map((e: Json) => e.id))
      cursor = r.body.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(10)
    expect(new Set(seen).size).toBe(10)
    const bad = await send(viewer, 'GET', `/api/v1/devices/${d.id}/events?before=zzz`)
    expect(bad).toMatchObject({
      status: 422,
      body: { error: { code: 'validation_failed', fields: { before: expect.any(String) } } },
    })
  })
})

describe('labels, import and bulk edit', () => {
  it('manages sites with the page rules; deleting a site clears it from devices', async () => {
    const s = (await send(operator, 'POST', '/api/v1/sites', { name: 'North' })).body.site
    expect(
      (await send(operator, 'POST', '/api/v1/sites', { name: 'North' })).body.error.fields,
    ).toEqual({ name: 'A site with this name already exists.' })
    const d = await addOne('label-1', { siteId: s.id })
    expect((await send(viewer, 'GET', `/api/v1/sites/${s.id}`)).body.site).toMatchObject({
      name: 'North',
      deviceCount: 1,
    })
    expect(
      (await send(operator, 'PATCH', `/api/v1/sites/${s.id}`, { name: 'North 2' })).body.site,
    ).toMatchObject({ name: 'North 2', description: '' })
    expect((await send(operator, 'DELETE', `/api/v1/sites/${s.id}`)).status).toBe(204)
    expect((await send(viewer, 'GET', `/api/v1/devices/${d.id}`)).body.device.site).toBeNull()
    expect((await send(other, 'GET', `/api/v1/tags`)).body.tags).toEqual([])
  })

  it('imports CSV all-or-nothing with row errors as fields, and bulk-edits', async () => {
    const bad = await send(operator, 'POST', '/api/v1/devices/import', {
      csv: 'name,host,username\nimp-a,10.7.0.1,admin\nimp-b,not a host,admin\n',
    })
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.body.error.fields)).toEqual(['3.host'])
    expect((await send(viewer, 'GET', '/api/v1/devices?q=imp-')).body.total).toBe(0)
    const good = await send(operator, 'POST', '/api/v1/devices/import', {
      csv: 'name,host,username\nimp-a,10.7.0.1,admin\nimp-b,10.7.0.2,admin\n',
    })
    expect(good.body).toEqual({ created: 2, updated: 0 })
    const ids = (await send(viewer, 'GET', '/api/v1/devices?q=imp-')).body.devices.map(
      (d: Json) => d.id,
    )
    expect(
      (await send(operator, 'POST', '/api/v1/devices/bulk', { deviceIds: ids, enabled: 'disable' }))
        .body,
    ).toEqual({ updated: 2 })
    expect((await send(viewer, 'GET', '/api/v1/devices?q=imp-&status=disabled')).body.total).toBe(2)
    const csv = await operator.get('/api/v1/devices/export.csv?q=imp-')
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/)
    expect(await csv.text()).toContain('imp-b')
  })
})

describe('the API reference page', () => {
  it('lists every operation of the document, with no inline script, for any signed-in user', async () => {
    const res = await viewer.get('/api-docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'")
    const html = await res.text()
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    const doc = (await (await viewer.get('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of Object.keys(item)) expect(html).toContain(`${m.toUpperCase()} ${path}`)
    }
    expect(html).toContain('href="/api-docs"')
    expect((await t.agent().get('/api-docs')).status).toBe(302)
  })
})
