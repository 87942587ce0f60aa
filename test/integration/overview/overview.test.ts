// Issue 15: staff with several tenants (and super admins) see every tenant's fleet, devices and
// events at once, with the tenant as a column and filter; each membership's role still holds, a
// device of another of their tenants opens after an explicit switch instead of a 404, and the
// Tenants list shows device counts by status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { loginAs, makeTenant, makeUser, startSessionFor } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import {
  createDashboardApp,
  seedDevice,
  seedEvent,
  type DashboardTestApp,
} from '../dashboard/dashboard-app.ts'

let t: DashboardTestApp
let a: { id: TenantId; name: string }
let b: { id: TenantId; name: string }
let c: { id: TenantId; name: string }
let ids: Record<string, DeviceId>
let staff: TestAgent

beforeAll(async () => {
  t = await createDashboardApp()
  a = await makeTenant(t.deps, 'Alpha Stores')
  b = await makeTenant(t.deps, 'Bravo Clinic')
  c = await makeTenant(t.deps, 'Charlie Hidden')
  ids = {
    alphaGw: await seedDevice(t, a.id, { name: 'alpha-gw', status: 'online' }),
    alphaAp: await seedDevice(t, a.id, {
      name: 'alpha-ap',
      status: 'offline',
      lastError: 'timeout',
    }),
    alphaOld: await seedDevice(t, a.id, { name: 'alpha-old', status: 'offline', enabled: false }),
    bravoGw: await seedDevice(t, b.id, { name: 'bravo-gw', status: 'auth_failed' }),
    charlieGw: await seedDevice(t, c.id, { name: 'charlie-gw', status: 'offline' }),
  }
  for (let i = 0; i < 12; i++) {
    t.deps.clock.advance(1000)
    await seedEvent(t, a.id, ids.alphaAp as string, 'went_offline', `alpha event ${i}`)
    t.deps.clock.advance(1000)
    await seedEvent(t, b.id, ids.bravoGw as string, 'rebooted', `bravo event ${i}`)
  }
  await seedEvent(t, c.id, ids.charlieGw as string, 'went_offline', 'charlie event')
  const user = await makeUser(t.deps, {
    memberships: [
      { tenantId: a.id, role: 'operator' },
      { tenantId: b.id, role: 'viewer' },
    ],
  })
  staff = t.agent()
  await startSessionFor(t, staff, user.id, a.id)
})
afterAll(async () => {
  await t.close()
})

const html = async (agent: TestAgent, path: string) => {
  const res = await agent.get(path)
  expect(res.status).toBe(200)
  return res.text()
}

describe('GET /all', () => {
  it('shows every tenant of the user with counts by status and their role, no other tenant', async () => {
    const page = await html(staff, '/all')
    expect(page).toContain('Alpha Stores')
    expect(page).toContain('Bravo Clinic')
    expect(page).not.toContain('Charlie')
    expect(page).toContain('Operator')
    expect(page).toContain('Viewer')
    // Alpha: 3 devices, 1 online, 1 offline, 1 disabled
    expect(page).toContain(`href="/all/devices?tenant=${a.id}&amp;status=offline">1</a>`)
    expect(page).toContain(`href="/all/devices?tenant=${a.id}&amp;status=disabled">1</a>`)
    expect(page).toContain(`href="/all/devices?tenant=${a.id}">3</a>`)
    // the worst devices of all tenants, with their tenant
    expect(page).toMatch(/bravo-gw[\s\S]*Bravo Clinic[\s\S]*auth failed/i)
    expect(page).toContain('All 2 devices that need attention')
    expect(page).not.toContain('alpha-old')
  })

  it('appears in the navigation only for people with several tenants', async () => {
    expect(await html(staff, '/devices')).toContain('href="/all"')
    const single = await loginAs(t, 'operator', a.id)
    expect(await html(single, '/devices')).not.toContain('href="/all"')
  })
})

describe('GET /all/devices', () => {
  it("searches devices of all the user's tenants with the tenant as a column", async () => {
    const page = await html(staff, '/all/devices?q=gw')
    expect(page).toContain('alpha-gw')
    expect(page).toContain('bravo-gw')
    expect(page).not.toContain('charlie-gw')
    expect(page).toContain('2 devices')
    expect(page).toContain('127.0.0.1:1')
  })

  it('filters by tenant and by status', async () => {
    const onlyB = await html(staff, `/all/devices?tenant=${b.id}`)
    expect(onlyB).toContain('bravo-gw')
    expect(onlyB).not.toContain('alpha-gw')
    const attention = await html(staff, '/all/devices?status=attention')
    expect(attention).toContain('alpha-ap')
    expect(attention).toContain('bravo-gw')
    expect(attention).not.toContain('alpha-gw')
  })

  it('ignores a tenant filter naming a tenant the user does not belong to', async () => {
    const page = await html(staff, `/all/devices?tenant=${c.id}`)
    expect(page).not.toContain('charlie-gw')
    expect(page).toContain('No devices match.')
  })

  it('pages across tenants in name order', async () => {
    const first = await html(staff, '/all/devices?per_page=10')
    expect(first).toMatch(/alpha-ap[\s\S]*alpha-gw[\s\S]*alpha-old[\s\S]*bravo-gw/)
  })
})

describe('GET /all/events', () => {
  it("lists events of all the user's tenants newest first, and pages to older ones", async () => {
    const page = await html(staff, '/all/events?per_page=10')
    expect(page).toContain('bravo event 11')
    expect(page).toContain('alpha event 11')
    expect(page).not.toContain('charlie event')
    expect(page.indexOf('bravo event 11')).toBeLessThan(page.indexOf('alpha event 11'))
    const older = /href="(\/all\/events\?[^"]*before=[^"]+)"/.exec(page)?.[1]
    expect(older).toBeDefined()
    const next = await html(staff, (older as string).replaceAll('&amp;', '&'))
    expect(next).toContain('alpha event 6')
    expect(next).not.toContain('bravo event 11')
  })

  it('filters by tenant and kind', async () => {
    const reboots = await html(staff, '/all/events?kind=rebooted')
    expect(reboots).toContain('bravo event 3')
    expect(reboots).not.toContain('alpha event')
    const alpha = await html(staff, `/all/events?tenant=${a.id}`)
    expect(alpha).not.toContain('bravo event')
  })
})

describe("a device of another of the user's tenants", () => {
  it('offers an explicit switch instead of a 404, and opens it read-only as a viewer', async () => {
    const offer = await html(staff, `/devices/${ids.bravoGw}`)
    expect(offer).toContain('This device belongs to <strong>Bravo Clinic</strong>')
    expect(offer).toContain(`action="/all/devices/${ids.bravoGw}/open"`)
    // nothing switched yet: the session still acts in Alpha
    expect(await html(staff, '/devices')).toContain('alpha-gw')
    const res = await staff.post(`/all/devices/${ids.bravoGw}/open`)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/devices/${ids.bravoGw}`)
    const device = await html(staff, `/devices/${ids.bravoGw}`)
    expect(device).toContain('bravo-gw')
    // a viewer membership stays read-only
    expect((await staff.get(`/devices/${ids.bravoGw}/edit`)).status).toBe(403)
    await staff.post('/session/tenant', { tenantId: a.id, returnTo: '/' })
  })

  it('opens straight away from /all/devices/:id when it is in the active tenant', async () => {
    const res = await staff.get(`/all/devices/${ids.alphaGw}`)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/devices/${ids.alphaGw}`)
  })

  it('stays a 404 for a tenant the user does not belong to', async () => {
    expect((await staff.get(`/devices/${ids.charlieGw}`)).status).toBe(404)
    expect((await staff.get(`/all/devices/${ids.charlieGw}`)).status).toBe(404)
    expect((await staff.post(`/all/devices/${ids.charlieGw}/open`)).status).toBe(404)
    const single = await loginAs(t, 'admin', a.id)
    expect((await single.get(`/devices/${ids.bravoGw}`)).status).toBe(404)
  })
})

describe('super admins', () => {
  it('see every tenant, and the Tenants list shows device counts by status', async () => {
    const root = await loginAs(t, 'super_admin')
    const all = await html(root, '/all/devices?q=gw')
    expect(all).toContain('charlie-gw')
    const list = await html(root, '/tenants')
    expect(list).toContain(`href="/all/devices?tenant=${a.id}&amp;status=online">1 online</a>`)
    expect(list).toContain(
      `href="/all/devices?tenant=${b.id}&amp;status=auth_failed">1 auth failed</a>`,
    )
    expect(list).toContain(`href="/all/devices?tenant=${c.id}&amp;status=offline">1 offline</a>`)
  })
})
