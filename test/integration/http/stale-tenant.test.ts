// Issue 15: the active tenant belongs to the session, shared by every tab. A page rendered for
// tenant A must not refresh, post or stream tenant B's data under A's name after another tab
// switched the session to B: every request of the page names its tenant, and a mismatch is
// refused with both ways out (reload in B, switch back to A).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { EventBus } from '../../../src/poller/event-bus.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { makeTenant, makeUser, startSessionFor } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'
import { seedDevice } from '../dashboard/dashboard-app.ts'

let deps: TestDeps
let t: TestApp
let bus: EventBus
let a: { id: TenantId; name: string }
let b: { id: TenantId; name: string }
let agent: TestAgent

/** The token a page carries: read from the page itself, as a browser tab has it. */
async function pageToken(path = '/devices'): Promise<string> {
  const html = await (await agent.get(path)).text()
  const m = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!m?.[1]) throw new Error('no token on the page')
  return m[1]
}

beforeEach(async () => {
  deps = await createTestDeps()
  bus = new EventBus()
  const app = createApp(deps, { live: { latestOf: () => [], metrics: undefined, bus } })
  t = { app, deps, agent: () => new TestAgent(app, deps, '10.15.0.1'), close: () => deps.close() }
  a = await makeTenant(deps, 'Alpha Stores')
  b = await makeTenant(deps, 'Bravo Clinic')
  await seedDevice(t, a.id, { name: 'alpha-gw', status: 'online' })
  await seedDevice(t, b.id, { name: 'bravo-gw', status: 'offline' })
  const user = await makeUser(deps, {
    memberships: [
      { tenantId: a.id, role: 'operator' },
      { tenantId: b.id, role: 'operator' },
    ],
  })
  agent = t.agent()
  await startSessionFor(t, agent, user.id, a.id)
})
afterEach(async () => {
  await deps.close()
})

const switchTo = async (id: TenantId) => {
  const res = await agent.post('/session/tenant', { tenantId: id, returnTo: '/devices' })
  expect(res.status).toBe(303)
}

describe('a page of tenant A after another tab switched the session to B', () => {
  it('names its tenant in the page (meta and token)', async () => {
    const html = await (await agent.get('/devices')).text()
    expect(html).toContain(`<meta name="outpost-tenant" content="${a.id}"`)
    expect(await pageToken()).toMatch(new RegExp(`\\.${a.id}$`))
  })

  it("refuses the live table refresh instead of showing B's devices under A's name", async () => {
    const token = await pageToken()
    await switchTo(b.id)
    const res = await agent.get('/devices', {
      htmx: true,
      headers: { 'X-CSRF-Token': token, 'HX-Current-URL': 'http://localhost/devices?q=gw' },
    })
    expect(res.status).toBe(409)
    expect(res.headers.get('HX-Retarget')).toBe('#flash')
    const body = await res.text()
    expect(body).not.toContain('bravo-gw')
    expect(body).toContain('This page shows <strong>Alpha Stores</strong>')
    expect(body).toContain('Bravo Clinic')
    expect(body).toContain('href="/devices?q=gw"')
    expect(body).toContain(`name="tenantId" value="${a.id}"`)
  })

  it('refuses a form post and changes nothing in either tenant', async () => {
    const token = await pageToken('/devices/new')
    await switchTo(b.id)
    const form = { name: 'added-in-a', host: '127.0.0.1', api_port: '1', username: 'u' }
    const res = await agent.post('/devices', { ...form, save_anyway: 'on' }, { csrf: token })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Nothing was done.')
    const rows = await deps.unscoped.selectFrom('devices').select('name').execute()
    expect(rows.map((r) => r.name).sort()).toEqual(['alpha-gw', 'bravo-gw'])
  })

  it('still serves a followed link (no declaration) in B, and the header then names B', async () => {
    await pageToken()
    await switchTo(b.id)
    const html = await (await agent.get('/devices')).text()
    expect(html).toContain('bravo-gw')
    expect(html).not.toContain('alpha-gw')
    expect(html).toContain(`<meta name="outpost-tenant" content="${b.id}"`)
    expect(html).toMatch(/<option value="[^"]+" selected="">Bravo Clinic<\/option>/)
  })

  it("accepts requests of B's page, and A's again after switching back", async () => {
    const tokenA = await pageToken()
    await switchTo(b.id)
    const tokenB = await pageToken()
    const asB = await agent.get('/devices', { htmx: true, headers: { 'X-CSRF-Token': tokenB } })
    expect(asB.status).toBe(200)
    expect(await asB.text()).toContain('bravo-gw')
    await switchTo(a.id)
    const asA = await agent.get('/devices', { htmx: true, headers: { 'X-CSRF-Token': tokenA } })
    expect(asA.status).toBe(200)
    expect(await asA.text()).toContain('alpha-gw')
  })

  it('refuses to open a live stream for A once the session acts in B', async () => {
    await switchTo(b.id)
    const res = await agent.get(`/live?_tenant=${a.id}`)
    expect(res.status).toBe(409)
  })

  it('keeps streaming to a session that never chose a tenant (its first one is the active one)', async () => {
    const user = await makeUser(deps, {
      memberships: [
        { tenantId: a.id, role: 'viewer' },
        { tenantId: b.id, role: 'viewer' },
      ],
    })
    const fresh = t.agent()
    await startSessionFor(t, fresh, user.id, null)
    const res = await fresh.get(`/live?_tenant=${a.id}`)
    expect(res.status).toBe(200)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const dec = new TextDecoder()
    let text = ''
    bus.emit('device.status_changed', {
      tenantId: a.id,
      deviceId: 'x',
      from: 'online',
      to: 'offline',
      at: 1,
    })
    const deadline = Date.now() + 4000
    while (!text.includes('event: status') && Date.now() < deadline) {
      const next = await reader.read()
      if (next.done) break
      text += dec.decode(next.value)
    }
    await reader.cancel()
    expect(text).toContain('event: status')
    expect(text).not.toContain('event: tenant')
  })

  it('ends an open live stream of A with a "tenant" message when another tab switches', async () => {
    const res = await agent.get(`/live?_tenant=${a.id}`)
    expect(res.status).toBe(200)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const dec = new TextDecoder()
    let text = ''
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 4000
      while (!text.includes(needle) && Date.now() < deadline) {
        const next = await reader.read()
        if (next.done) break
        text += dec.decode(next.value)
      }
    }
    await readUntil('event: hello')
    await switchTo(b.id)
    // an event of A wakes the stream, which checks the session before sending it
    bus.emit('device.status_changed', {
      tenantId: a.id,
      deviceId: 'x',
      from: 'online',
      to: 'offline',
      at: 1,
    })
    await readUntil('event: tenant')
    expect(text).toContain(`"activeTenantId":"${b.id}"`)
    expect(text).not.toContain('event: status')
    const end = await reader.read()
    expect(end.done).toBe(true)
  })
})
