import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { createApiKey } from '../../../src/api-keys/index.ts'
import { loginAs, makeTenant, makeUser } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRow } from '../../support/audit.ts'

let t: TestApp
let tenant: { id: TenantId; name: string }
let operator: TestAgent
let viewer: TestAgent
let other: TestAgent

beforeAll(async () => {
  t = await createTestApp()
  tenant = await makeTenant(t.deps, 'csv-co')
  operator = await loginAs(t, 'operator', tenant.id)
  viewer = await loginAs(t, 'viewer', tenant.id)
  other = await loginAs(t, 'operator', (await makeTenant(t.deps, 'other-co')).id)
})
afterAll(() => t.close())

const countDevices = async () =>
  Number(
    (
      await forTenant(t.deps.kysely, tenant.id)
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

const HEADER = 'name,host,api_port,username,password,site,tags,enabled,poll_interval_s,notes'

describe('CSV import', () => {
  it('changes nothing when any row is bad, and names each bad row', async () => {
    const csv = [
      HEADER,
      'good-1,10.1.0.1,,admin,Import-Secret-1,HQ,core;edge,yes,60,ok',
      'bad-host,not a host!,,admin,x,,,,,',
      'no-user,10.1.0.3,,,,,,,,',
      'bad-port,10.1.0.4,99999,admin,x,,,,,',
      'good-1,10.1.0.5,,admin,x,,,,,',
    ].join('\n')
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Nothing was imported.')
    expect(text).toMatch(/Line 3, host: Enter a valid IP address or DNS name/)
    expect(text).toMatch(/Line 4, username: Enter the user name/)
    expect(text).toMatch(/Line 5, api_port:/)
    expect(text).toMatch(/Line 6, name: Same name as line 2/)
    expect(text).not.toContain('Import-Secret-1')
    expect(await countDevices()).toBe(0)
    const sites = await forTenant(t.deps.kysely, tenant.id)
      .selectFrom('sites')
      .selectAll()
      .execute()
    expect(sites).toEqual([])
  })

  it('rejects unknown columns and a missing host column', async () => {
    const res = await operator.post('/devices/import', { csv: 'name,hostname\nx,10.0.0.1\n' })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Unknown column "hostname"')
    expect(text).toContain('The "host" column is required.')
  })

  it('imports every row, creating sites and tags, then updates by name keeping credentials', async () => {
    const csv = [
      HEADER,
      'imp-1,10.2.0.1,,admin,Import-Secret-2,HQ,core;edge,yes,60,first',
      'imp-2,10.2.0.2,8729,ops,Import-Secret-3,Branch,edge,no,120,"quoted, note"',
    ].join('\r\n')
    const res = await operator.post('/devices/import', { csv })
    expect(res.status).toBe(303)
    expect(await countDevices()).toBe(2)
    const scope = forTenant(t.deps.kysely, tenant.id)
    const before = await scope
      .selectFrom('devices')
      .select(['name', 'password_enc', 'is_enabled', 'poll_interval_s', 'notes'])
      .orderBy('name')
      .execute()
    expect(before.map((d) => [d.name, d.is_enabled, d.poll_interval_s, d.notes])).toEqual([
      ['imp-1', 1, 60, 'first'],
      ['imp-2', 0, 120, 'quoted, note'],
    ])
    // blank cells keep stored values, credentials included, while the endpoint stays the same
    const update = await operator.post('/devices/import', {
      csv: 'name,host,notes,enabled\nimp-1,10.2.0.1,,no\n',
    })
    expect(update.status).toBe(303)
    const after = await scope
      .selectFrom('devices')
      .select(['host', 'password_enc', 'notes', 'is_enabled'])
      .where('name', '=', 'imp-1')
      .executeTakeFirstOrThrow()
    expect(after.is_enabled).toBe(0)
    expect(after.notes).toBe('first')
    expect(after.password_enc).toBe(before[0]?.password_enc)
    const tags = await scope.selectFrom('tags').select('name').orderBy('name').execute()
    expect(tags.map((x) => x.name)).toEqual(['core', 'edge'])
  })

  it('exports without any secret and imports its own export back', async () => {
    const res = await viewer.get('/devices/export.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('text/csv')
    const csv = await res.text()
    expect(csv.split('\r\n')[0]).toContain('name,host,host2')
    expect(csv).toContain('imp-1')
    for (const s of ['Import-Secret-2', 'Import-Secret-3', 'password', 'username', 'v1.'])
      expect(csv).not.toContain(s)
    const again = await operator.post('/devices/import', { csv })
    expect(again.status).toBe(303)
    expect(await countDevices()).toBe(2)
    const roundTrip = await (await viewer.get('/devices/export.csv')).text()
    expect(roundTrip).toBe(csv)
  })

  it('accepts an uploaded file (multipart, as the browser sends it)', async () => {
    const body = new FormData()
    body.set('_csrf', await operator.csrfToken())
    body.set(
      'file',
      new File(
        ['name,host,username,password\nupload-1,10.5.0.1,admin,Upload-Secret\n'],
        'devices.csv',
        { type: 'text/csv' },
      ),
    )
    const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await t.app.request(
      'http://localhost/devices/import',
      { method: 'POST', headers: { Origin: 'http://localhost', Cookie: cookie }, body },
      { incoming: { socket: { remoteAddress: operator.ip } } },
    )
    expect(res.status).toBe(303)
    const scope = forTenant(t.deps.kysely, tenant.id)
    expect(
      await scope
        .selectFrom('devices')
        .select('host')
        .where('name', '=', 'upload-1')
        .executeTakeFirst(),
    ).toEqual({ host: '10.5.0.1' })
  })

  it('refuses an upload larger than 5 MB', async () => {
    const res = await operator.post('/devices/import', {
      csv: `name,host\n${'x'.repeat(6 * 1024 * 1024)}`,
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('larger than 5 MB')
  })

  it('does not let a viewer import', async () => {
    expect((await viewer.post('/devices/import', { csv: HEADER })).status).toBe(403)
  })
})

describe('/api/v1/devices', () => {
  it('adds a JSON array all-or-nothing with the form validation', async () => {
    const before = await countDevices()
    const bad = await operator.request('POST', '/api/v1/devices', {
      json: [
        { name: 'api-1', host: '10.3.0.1', username: 'admin', password: 'Api-Secret-1' },
        { name: 'api-2', host: 'bad host!', username: 'admin' },
      ],
    })
    expect(bad.status).toBe(422)
    const err = (await bad.json()) as { error: { code: string; fields: Record<string, string> } }
    expect(err.error.code).toBe('validation_failed')
    expect(err.error.fields['1.host']).toContain('valid IP address')
    expect(await countDevices()).toBe(before)

    const good = await operator.request('POST', '/api/v1/devices', {
      json: [
        { name: 'api-1', host: '10.3.0.1', username: 'admin', password: 'Api-Secret-1' },
        {
          name: 'api-2',
          host: 'router.example.net',
          username: 'admin',
          password: 'Api-Secret-2',
          transport: 'api-ssl',
          pollIntervalS: 30,
        },
      ],
    })
    expect(good.status).toBe(201)
    const body = await good.text()
    expect(body).not.toContain('Api-Secret')
    const added = JSON.parse(body) as {
      devices: { name: string; apiPort: number; status: string }[]
    }
    expect(added.devices.map((d) => [d.name, d.apiPort, d.status])).toEqual([
      ['api-1', 8728, 'unknown'],
      ['api-2', 8729, 'unknown'],
    ])
  })

  it('lists the active tenant only, with status, for a viewer', async () => {
    const res = await viewer.get('/api/v1/devices')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      total: number
      devices: { name: string; status: string }[]
    }
    expect(body.total).toBe(await countDevices())
    expect(body.devices.every((d) => typeof d.status === 'string')).toBe(true)
    expect(JSON.stringify(body)).not.toMatch(/password|v1\.[A-Za-z0-9_-]{16}/)
    const foreign = (await (await other.get('/api/v1/devices')).json()) as { total: number }
    expect(foreign.total).toBe(0)
  })

  it('refuses writes from a viewer and anonymous callers', async () => {
    const v = await viewer.request('POST', '/api/v1/devices', {
      json: [{ name: 'x', host: '10.0.0.1', username: 'a' }],
    })
    expect(v.status).toBe(403)
    const anon = await t.agent().get('/api/v1/devices')
    expect(anon.status).toBe(401)
  })

  it('works with an API key: lists, adds, and audits the key as the actor', async () => {
    const user = await makeUser(t.deps, { memberships: [{ tenantId: tenant.id, role: 'admin' }] })
    const actor = {
      kind: 'user' as const,
      id: user.id,
      name: user.username,
      userId: user.id,
      isSuperAdmin: false,
      ip: null,
    }
    const { token, key } = await createApiKey(t.deps, actor, forTenant(t.deps.kysely, tenant.id), {
      name: 'automation',
      role: 'operator',
    })
    const auth = { Authorization: `Bearer ${token}` }
    const client = t.agent()
    const add = await client.request('POST', '/api/v1/devices', {
      headers: auth,
      json: [{ name: 'by-key', host: '10.4.0.1', username: 'a', password: 'Key-Secret-1' }],
      csrf: false,
      origin: false,
    })
    expect(add.status).toBe(201)
    const list = await client.get('/api/v1/devices?q=by-key', { headers: auth })
    expect(((await list.json()) as { total: number }).total).toBe(1)
    const entry = await auditRow(t.deps, (q) =>
      q.where('action', '=', 'device.create').where('target_label', '=', 'by-key'),
    )
    expect(entry).toMatchObject({ actor_kind: 'api_key', actor_id: key.id })
    expect(entry.details_json).not.toContain('Key-Secret-1')
  })
})
