// Topology and site map through the real app: simulated routers polled over real sockets fill the
// neighbour tables; the page and GET /api/v1/topology show managed devices, the unmanaged
// neighbour they report and the link's interfaces; faulty neighbour data and coordinates out of
// range are answered clearly and change nothing; another tenant's site is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { createLabel } from '../../../src/labels/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'

let h: Harness
let t: TestApp
let admin: TestAgent
const rts: DeviceRuntime[] = []
let siteId = ''

beforeAll(async () => {
  h = await createHarness()
  const app = createApp(h.deps, { live: { latestOf: () => [], metrics: h.backend } })
  let ip = 1
  t = {
    app,
    deps: h.deps,
    agent: (addr) => new TestAgent(app, h.deps, addr ?? `10.62.0.${ip++}`),
    close: () => h.close(),
  }
  admin = await loginAs(t, 'admin', h.tenantId as TenantId)
  const ctx = {
    deps: h.deps,
    scope: h.scope,
    actor: { kind: 'user' as const, id: 'U', name: 'a', ip: null },
  }
  siteId = await createLabel(ctx as never, 'sites', { name: 'Vienna', description: '' })
  for (const [name, persona] of [
    ['topo-gw', 'rb5009-7.15'],
    ['topo-ap', 'hap-ac-6.49'],
  ] as const) {
    const rt = await h.addDevice(await h.sim(name, persona))
    rts.push(rt)
  }
  await h.scope
    .updateTable('devices')
    .set({ site_id: siteId as never, latitude: 48.2, longitude: 16.37 })
    .execute()
  // the simulated routers report their neighbour once up for 10 s
  h.clock.advance(60_000)
  for (const rt of rts) await h.poll(rt)
}, 60_000)
afterAll(() => h.close())

describe('GET /topology', () => {
  it('draws managed devices, the unmanaged neighbour they report, and the links with interfaces', async () => {
    const res = await admin.get('/topology')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('topo-gw')
    expect(html).toContain(`href="/devices/${rts[0]?.deviceId}"`)
    expect(html).toContain('sw-core')
    expect(html).toContain('not managed')
    expect(html).toContain('Vienna')
    expect(html).toMatch(/<text class="topo-if"[^>]*>ether2<\/text>/)
  })

  it('answers { nodes, links } over the API', async () => {
    const res = await admin.get('/api/v1/topology')
    const g = (await res.json()) as {
      nodes: { id: string; kind: string; status: string; deviceId: string | null }[]
      links: { from: string; to: string; fromInterface: string; toInterface: string }[]
    }
    expect(g.nodes.filter((n) => n.kind === 'device')).toHaveLength(2)
    const sw = g.nodes.find((n) => n.kind === 'neighbour')
    expect(sw).toMatchObject({ status: 'unmanaged', deviceId: null })
    expect(g.links).toHaveLength(2)
    expect(g.links.every((l) => l.to === sw?.id && l.toInterface === 'ether1')).toBe(true)
  })

  it('names neighbour data it cannot use instead of guessing', async () => {
    await h.scope
      .updateTable('device_snapshots')
      .set({ data_json: '[{"interfaces":["ether5"]},{"identity":""}]' })
      .where('device_id', '=', rts[1]!.deviceId as never)
      .where('kind', '=', 'neighbours')
      .execute()
    const html = await (await admin.get('/topology')).text()
    expect(html).toContain('topo-ap: 2 neighbour entries have no MAC, address or identity')
  })
})

describe('site map and coordinates', () => {
  it('places the site by its devices, then by its own coordinates', async () => {
    let html = await (await admin.get('/topology/map')).text()
    expect(html).toContain('class="map-land"')
    expect(html).toContain('48.2000, 16.3700 (devices)')
    const res = await admin.post('/topology/sites/location', {
      siteId,
      latitude: '-33.87',
      longitude: '151.21',
    })
    expect(res.status).toBe(303)
    html = await (await admin.get('/topology/map')).text()
    expect(html).toContain('-33.8700, 151.2100')
  })

  it('refuses coordinates out of range with the field named, storing nothing', async () => {
    const res = await admin.post('/topology/sites/location', {
      siteId,
      latitude: '91',
      longitude: '10',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('The latitude must be between -90 and 90.')
    const one = await admin.post('/topology/sites/location', {
      siteId,
      latitude: '10',
      longitude: '',
    })
    expect(one.status).toBe(422)
    const api = await admin.request('POST', `/api/v1/topology/sites/${siteId}/location`, {
      json: { latitude: 10, longitude: 200 },
    })
    expect(api.status).toBe(422)
    expect(JSON.stringify(await api.json())).toContain(
      'The longitude must be between -180 and 180.',
    )
    const row = await h.scope.selectFrom('site_locations').selectAll().executeTakeFirst()
    expect(row).toMatchObject({ latitude: -33.87, longitude: 151.21 })
  })

  it("answers 404 for another tenant's site", async () => {
    const other = await makeTenant(h.deps, 'other-topo')
    const b = await loginAs(t, 'admin', other.id)
    const res = await b.post('/topology/sites/location', { siteId, latitude: '1', longitude: '1' })
    expect(res.status).toBe(404)
    const page = await (await b.get('/topology')).text()
    expect(page).not.toContain('topo-gw')
  })
})
