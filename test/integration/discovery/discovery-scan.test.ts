// Subnet scans against simulated routers on loopback (127.20.0.0/29; all of 127/8 is loopback, so
// nothing leaves the machine), the refusals, and adoption through the add-device check.
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { createLabel } from '../../../src/labels/index.ts'
import {
  createCredentialProfile,
  credentialProfileCreateSchema,
} from '../../../src/credential-profiles/index.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { createTestApp, type TestAgent, type TestApp } from '../../support/test-app.ts'

let t: TestApp
let a: TestAgent
let b: TestAgent
let tenantA: { id: string; name: string }
const sims: SimDevice[] = []
let web: Server

interface Scan {
  id: string
  state: string
  probed: number
  total: number
  found: number
}
interface Candidate {
  id: string
  address: string | null
  openPorts: number[]
  routeros: string | null
  sources: string[]
  state: string
  managed: { id: string; name: string } | null
}

beforeAll(async () => {
  t = await createTestApp({
    env: { OUTPOST_DISCOVERY_RATE: '300', OUTPOST_DISCOVERY_TIMEOUT_MS: '500' },
  })
  tenantA = await makeTenant(t.deps, 'Tenant Alpha')
  const tenantB = await makeTenant(t.deps, 'Tenant Bravo')
  a = await loginAs(t, 'admin', tenantA.id as never)
  b = await loginAs(t, 'admin', tenantB.id as never)
  for (const i of [1, 2, 3]) {
    sims.push(
      await startDevice({
        name: `disc-sim-${i}`,
        host: `127.20.0.${i}`,
        apiPort: 8728,
        services: { api: true, apiSsl: false, ssh: false },
      }),
    )
  }
  // a web server that is not a router: open port 80, nothing identified
  web = createServer((s) => {
    s.on('error', () => {}) // the probe closes at once; a reset is expected
    s.end('HTTP/1.0 200 OK\r\n\r\nhello')
  })
  await new Promise<void>((r) => web.listen(80, '127.20.0.5', r))
}, 30_000)

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()))
  await new Promise((r) => web.close(r))
  await t.close()
})

async function json<T>(res: Response, status = 200): Promise<T> {
  const body = await res.text()
  expect(res.status, body).toBe(status)
  return JSON.parse(body) as T
}

async function finished(agent: TestAgent, id: string): Promise<Scan> {
  for (let i = 0; i < 200; i++) {
    const { scan } = await json<{ scan: Scan }>(await agent.get(`/api/v1/discovery/scans/${id}`))
    if (scan.state !== 'running') return scan
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('scan did not finish')
}

const candidates = async (agent: TestAgent) =>
  (await json<{ candidates: Candidate[] }>(await agent.get('/api/v1/discovery/candidates')))
    .candidates

describe('POST /api/v1/discovery/scans', () => {
  it('finds the simulated routers, identifies RouterOS by its API, and the web server as open only', async () => {
    const { scan } = await json<{ scan: Scan }>(
      await a.request('POST', '/api/v1/discovery/scans', {
        json: { cidr: '127.20.0.0/29', ports: [8728, 80] },
      }),
      202,
    )
    expect(scan).toMatchObject({ state: 'running', total: 6 })
    const done = await finished(a, scan.id)
    expect(done).toMatchObject({ state: 'succeeded', probed: 6, found: 4 })
    const list = await candidates(a)
    const byAddr = new Map(list.map((c) => [c.address, c]))
    for (const i of [1, 2, 3])
      expect(byAddr.get(`127.20.0.${i}`)).toMatchObject({
        openPorts: [8728],
        routeros: 'API answered',
        sources: ['scan'],
        state: 'new',
        managed: null,
      })
    expect(byAddr.get('127.20.0.5')).toMatchObject({ openPorts: [80], routeros: null })
    expect(byAddr.has('127.20.0.4')).toBe(false)
  })

  it('refuses a range wider than a /16 and a malformed one, and stores nothing', async () => {
    const wide = await a.request('POST', '/api/v1/discovery/scans', {
      json: { cidr: '10.0.0.0/8' },
    })
    expect(wide.status).toBe(422)
    expect(await wide.text()).toContain('A /8 is too wide to scan: use /16')
    const bad = await a.request('POST', '/api/v1/discovery/scans', {
      json: { cidr: '10.0.0.1/24' },
    })
    expect(await bad.text()).toContain('did you mean 10.0.0.0/24')
    const ports = await a.request('POST', '/api/v1/discovery/scans', {
      json: { cidr: '127.20.0.0/30', ports: [0] },
    })
    expect(ports.status).toBe(422)
    const page = await a.post('/discovery/scans', { cidr: '0.0.0.0/0' })
    expect(page.status).toBe(422)
    expect(await page.text()).toContain('A /0 is too wide to scan')
    const scans = await forTenant(t.deps.kysely, tenantA.id as never)
      .selectFrom('discovery_scans')
      .select('cidr')
      .execute()
    expect(scans.map((s) => s.cidr)).toEqual(['127.20.0.0/29'])
  })

  it("refuses a range overlapping another tenant's, without naming the tenant", async () => {
    const res = await b.request('POST', '/api/v1/discovery/scans', {
      json: { cidr: '127.20.0.0/24' },
    })
    const body = await res.text()
    expect(res.status).toBe(409)
    expect(body).toContain('belongs to another tenant; ranges are never shared')
    expect(body).not.toContain('Alpha')
    expect(body).not.toContain('127.20.0.0/29')
    expect(await candidates(b)).toEqual([])
  })

  it('refuses a scan overlapping one still running, then cancels that one', async () => {
    const { scan } = await json<{ scan: Scan }>(
      await a.request('POST', '/api/v1/discovery/scans', {
        json: { cidr: '127.20.1.0/24', ports: [8728, 8729, 22, 8291, 80, 443] },
      }),
      202,
    )
    const again = await a.request('POST', '/api/v1/discovery/scans', {
      json: { cidr: '127.20.1.128/25' },
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('A scan of 127.20.1.0/24 is still running')
    const cancel = await a.post(`/discovery/scans/${scan.id}/cancel`)
    expect(cancel.status).toBe(303)
    const done = await finished(a, scan.id)
    expect(done.state).toBe('cancelled')
    expect(done.probed).toBeLessThan(254)
  })
})

describe('POST /api/v1/discovery/candidates/{id}/adopt', () => {
  it('refuses wrong credentials with the check message and stores nothing', async () => {
    const c = (await candidates(a)).find((x) => x.address === '127.20.0.1') as Candidate
    const r = await json<{ ok: boolean; message: string | null }>(
      await a.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
        json: { username: 'admin', password: 'wrong' },
      }),
    )
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/user name or password/i)
    const devices = await forTenant(t.deps.kysely, tenantA.id as never)
      .selectFrom('devices')
      .select('id')
      .execute()
    expect(devices).toEqual([])
    expect((await candidates(a)).find((x) => x.id === c.id)?.state).toBe('new')
  })

  it('adopts one with the right credentials and a site; it is then managed', async () => {
    const sim = sims[0] as SimDevice
    const scope = forTenant(t.deps.kysely, tenantA.id as never)
    const actor = { kind: 'user' as const, id: 'x', name: 'test', ip: null }
    const siteId = await createLabel({ deps: t.deps, scope, actor }, 'sites', {
      name: 'Branch',
      description: '',
    })
    const c = (await candidates(a)).find((x) => x.address === '127.20.0.1') as Candidate
    const r = await json<{ ok: boolean; deviceId: string }>(
      await a.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
        json: { username: sim.username, password: sim.password, siteId },
      }),
    )
    expect(r.ok).toBe(true)
    const dev = await scope
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', r.deviceId as never)
      .executeTakeFirstOrThrow()
    expect(dev).toMatchObject({ host: '127.20.0.1', api_port: 8728, site_id: siteId })
    const after = (await candidates(a)).find((x) => x.id === c.id)
    expect(after).toMatchObject({ state: 'adopted', managed: { id: r.deviceId } })
    const twice = await json<{ ok: boolean; message: string }>(
      await a.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
        json: { username: sim.username, password: sim.password },
      }),
    )
    expect(twice).toMatchObject({ ok: false, message: 'Adopted already.' })
  })

  it('adopts several from the page: the router is added, the web server fails its check', async () => {
    const sim = sims[1] as SimDevice
    const list = await candidates(a)
    const router = list.find((x) => x.address === '127.20.0.2') as Candidate
    const webc = list.find((x) => x.address === '127.20.0.5') as Candidate
    const body = new URLSearchParams([
      ['candidate_ids', router.id],
      ['candidate_ids', webc.id],
      ['username', sim.username],
      ['password', sim.password],
    ])
    const res = await a.request('POST', '/discovery/adopt', {
      raw: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('Adoption results')
    expect(html).toContain('added')
    const after = await candidates(a)
    expect(after.find((x) => x.id === router.id)?.state).toBe('adopted')
    expect(after.find((x) => x.id === webc.id)?.state).toBe('new')
  })

  it('adopts with a credential profile, which the check uses; an unknown profile is refused', async () => {
    const sim = sims[2] as SimDevice
    const scope = forTenant(t.deps.kysely, tenantA.id as never)
    const actor = { kind: 'user' as const, id: 'x', name: 'test', ip: null, isAdmin: true }
    const profile = await createCredentialProfile(
      { deps: t.deps, scope, actor },
      credentialProfileCreateSchema.parse({
        name: 'Fleet admin',
        username: sim.username,
        password: sim.password,
      }),
    )
    const c = (await candidates(a)).find((x) => x.address === '127.20.0.3') as Candidate
    const unknown = await a.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
      json: { credentialProfileId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    })
    expect(unknown.status).toBe(422)
    expect(await unknown.text()).toContain('Choose an existing credential profile.')
    const r = await json<{ ok: boolean; deviceId: string }>(
      await a.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
        json: { credentialProfileId: profile.id },
      }),
    )
    expect(r.ok).toBe(true)
    const link = await scope
      .selectFrom('devices')
      .select('host')
      .where('id', '=', r.deviceId as never)
      .executeTakeFirstOrThrow()
    expect(link.host).toBe('127.20.0.3')
  })

  it("answers 404 for another tenant's entry", async () => {
    const c = (await candidates(a))[0] as Candidate
    const res = await b.request('POST', `/api/v1/discovery/candidates/${c.id}/adopt`, {
      json: { username: 'admin', password: '' },
    })
    expect(res.status).toBe(404)
  })

  it('ignores, restores and forgets entries from the page', async () => {
    const c = (await candidates(a)).find((x) => x.address === '127.20.0.5') as Candidate
    expect((await a.post(`/discovery/candidates/${c.id}/ignore`)).status).toBe(303)
    expect((await candidates(a)).find((x) => x.id === c.id)?.state).toBe('ignored')
    const page = await (await a.get('/discovery')).text()
    expect(page).not.toContain(`candidate-${c.id}`)
    expect(await (await a.get('/discovery?ignored=1')).text()).toContain(`candidate-${c.id}`)
    expect((await a.post(`/discovery/candidates/${c.id}/restore`)).status).toBe(303)
    expect((await a.post(`/discovery/candidates/${c.id}/forget`)).status).toBe(303)
    expect((await candidates(a)).some((x) => x.id === c.id)).toBe(false)
  })
})
