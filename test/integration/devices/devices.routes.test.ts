import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, ORIGIN, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let tenantA: { id: import('../../../src/lib/ids.ts').TenantId; name: string }
let tenantB: typeof tenantA
let operator: TestAgent
let viewer: TestAgent
let otherOperator: TestAgent
let closedPort: number

/** A loopback port that nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

const base = (name: string) => ({
  name,
  host: '127.0.0.1',
  api_port: String(closedPort),
  username: 'admin',
  password: 'Very-Secret-Pw-42',
  is_enabled: 'on',
  poll_interval_s: '60',
})

/** A form POST with repeated fields (TestAgent.post takes one value per name). */
async function postMulti(agent: TestAgent, path: string, body: URLSearchParams): Promise<Response> {
  body.set('_csrf', await agent.csrfToken())
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const headers = {
    Origin: ORIGIN,
    Cookie: cookie,
    'Content-Type': 'application/x-www-form-urlencoded',
  }
  const env = { incoming: { socket: { remoteAddress: agent.ip } } }
  return t.app.request(`${ORIGIN}${path}`, { method: 'POST', headers, body: body.toString() }, env)
}

async function addSaved(agent: TestAgent, name: string): Promise<string> {
  const res = await agent.post('/devices', { ...base(name), save_anyway: 'on' })
  expect(res.status).toBe(303)
  return (res.headers.get('Location') ?? '').replace('/devices/', '')
}

beforeAll(async () => {
  t = await createTestApp()
  closedPort = await freePort()
  tenantA = await makeTenant(t.deps, 'acme')
  tenantB = await makeTenant(t.deps, 'globex')
  operator = await loginAs(t, 'operator', tenantA.id)
  viewer = await loginAs(t, 'viewer', tenantA.id)
  otherOperator = await loginAs(t, 'operator', tenantB.id)
})
afterAll(() => t.close())

describe('device pages', () => {
  it('shows an empty state before the first device', async () => {
    const res = await operator.get('/devices')
    expect(res.status).toBe(200)
    expect(visibleText(await res.text())).toContain('No devices yet')
  })

  it('reports precisely why the check failed and saves nothing', async () => {
    const res = await operator.post('/devices', base('refused-1'))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(visibleText(html)).toContain('refused the connection')
    expect(html).toContain('name="save_anyway"')
    expect(html).not.toContain('Very-Secret-Pw-42')
    const list = await operator.get('/devices')
    expect(visibleText(await list.text())).toContain('No devices yet')
  })

  it('re-renders the form with field messages on invalid input', async () => {
    const res = await operator.post('/devices', {
      ...base('bad'),
      host: 'not a host!',
      poll_interval_s: '1',
    })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Enter a valid IP address or DNS name.')
    expect(text).toContain('Poll at most every 10 seconds.')
  })

  it('saves anyway when asked, and never renders the credentials', async () => {
    const id = await addSaved(operator, 'edge-1')
    const page = await operator.get(`/devices/${id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(visibleText(html)).toContain('edge-1')
    const edit = await (await operator.get(`/devices/${id}/edit`)).text()
    expect(edit).toContain('placeholder="unchanged"')
    for (const h of [html, edit]) {
      expect(h).not.toContain('Very-Secret-Pw-42')
      expect(h).not.toMatch(/v1\.[A-Za-z0-9_-]{16}\./)
    }
  })

  it('edits a device without a check when nothing about the connection changed', async () => {
    const id = await addSaved(operator, 'edit-me')
    const res = await operator.post(`/devices/${id}`, {
      ...base('edited-name'),
      username: '',
      password: '',
      notes: 'rack 4',
    })
    expect(res.status).toBe(303)
    const html = visibleText(await (await operator.get(`/devices/${id}`)).text())
    expect(html).toContain('edited-name')
    expect(html).toContain('rack 4')
  })

  it('disables, enables and deletes a device', async () => {
    const id = await addSaved(operator, 'toggle-1')
    expect((await operator.post(`/devices/${id}/disable`)).status).toBe(303)
    expect(visibleText(await (await operator.get(`/devices/${id}`)).text())).toContain('disabled')
    expect((await operator.post(`/devices/${id}/enable`)).status).toBe(303)
    expect((await operator.post(`/devices/${id}/delete`)).status).toBe(303)
    expect((await operator.get(`/devices/${id}`)).status).toBe(404)
  })

  it("answers 404 for another tenant's device on every route", async () => {
    const id = await addSaved(operator, 'private-1')
    expect((await otherOperator.get(`/devices/${id}`)).status).toBe(404)
    expect((await otherOperator.get(`/devices/${id}/edit`)).status).toBe(404)
    expect((await otherOperator.post(`/devices/${id}`, base('stolen'))).status).toBe(404)
    expect((await otherOperator.post(`/devices/${id}/disable`)).status).toBe(404)
    expect((await otherOperator.post(`/devices/${id}/delete`)).status).toBe(404)
    const list = await otherOperator.get('/devices')
    expect(await list.text()).not.toContain('private-1')
    expect((await operator.get(`/devices/${id}`)).status).toBe(200)
  })

  it('lets a viewer look but not change anything', async () => {
    const id = await addSaved(operator, 'viewer-sees')
    const list = await viewer.get('/devices')
    expect(list.status).toBe(200)
    const html = await list.text()
    expect(html).toContain('viewer-sees')
    expect(html).not.toContain('Add device')
    expect((await viewer.post('/devices', base('nope'))).status).toBe(403)
    expect((await viewer.post(`/devices/${id}/delete`)).status).toBe(403)
    expect(
      (await viewer.post('/devices/bulk', { device_ids: id, enabled: 'disable' })).status,
    ).toBe(403)
    expect((await viewer.post('/devices/tags', { name: 'x' })).status).toBe(403)
    expect((await viewer.get('/devices/new')).status).toBe(403)
  })

  it('searches, filters and returns the rows fragment to htmx', async () => {
    await addSaved(operator, 'search-alpha')
    await addSaved(operator, 'search-beta')
    const res = await operator.get('/devices?q=alpha', { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('search-alpha')
    expect(html).not.toContain('search-beta')
  })
})

describe('sites, tags and bulk edit', () => {
  it('creates labels and applies a bulk change to the selected devices only', async () => {
    expect((await operator.post('/devices/sites', { name: 'HQ' })).status).toBe(303)
    expect((await operator.post('/devices/tags', { name: 'core' })).status).toBe(303)
    expect((await operator.post('/devices/tags', { name: 'core' })).status).toBe(422)
    const scope = forTenant(t.deps.kysely, tenantA.id)
    const site = await scope
      .selectFrom('sites')
      .select('id')
      .where('name', '=', 'HQ')
      .executeTakeFirstOrThrow()
    const tag = await scope
      .selectFrom('tags')
      .select('id')
      .where('name', '=', 'core')
      .executeTakeFirstOrThrow()
    const a = await addSaved(operator, 'bulk-a')
    const b = await addSaved(operator, 'bulk-b')
    const c = await addSaved(operator, 'bulk-c')
    const body = new URLSearchParams({
      site: site.id,
      add_tag_ids: tag.id,
      enabled: 'disable',
      poll_interval_s: '300',
    })
    body.append('device_ids', a)
    body.append('device_ids', b)
    const res = await postMulti(operator, '/devices/bulk', body)
    expect(res.status).toBe(303)
    const rows = await scope
      .selectFrom('devices')
      .select(['name', 'site_id', 'is_enabled', 'poll_interval_s'])
      .where('id', 'in', [a, b, c] as never[])
      .orderBy('name')
      .execute()
    const changed = rows.filter((r) => r.site_id === site.id)
    expect(changed.map((r) => r.name)).toEqual(['bulk-a', 'bulk-b'])
    expect(changed.every((r) => r.is_enabled === 0 && r.poll_interval_s === 300)).toBe(true)
    expect(rows.find((r) => r.name === 'bulk-c')).toMatchObject({
      site_id: null,
      is_enabled: 1,
      poll_interval_s: 60,
    })
    const filtered = await operator.get(`/devices?tag=${tag.id}`, { htmx: true })
    const html = await filtered.text()
    expect(html).toContain('bulk-b')
    expect(html).not.toContain('bulk-c')
  })

  it("refuses another tenant's device ids in a bulk edit", async () => {
    const a = await addSaved(operator, 'bulk-private')
    const res = await otherOperator.post('/devices/bulk', { device_ids: a, enabled: 'disable' })
    expect(res.status).toBe(404)
  })
})
