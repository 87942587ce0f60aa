// GET / — the fleet dashboard of the active tenant: counts by status, devices needing attention,
// top CPU/memory/traffic, recent events, the empty state, and its live fragment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import {
  createDashboardApp,
  seedDevice,
  seedEvent,
  type DashboardTestApp,
} from './dashboard-app.ts'

let t: DashboardTestApp
let tenantA: TenantId
let tenantB: TenantId

const count = (html: string, key: string) =>
  html.match(new RegExp(`data-count="${key}">(\\d+)<`))?.[1]

beforeAll(async () => {
  t = await createDashboardApp()
  tenantA = (await makeTenant(t.deps, 'Dash A')).id
  tenantB = (await makeTenant(t.deps, 'Dash B')).id
  const now = t.deps.clock.now()
  const online = []
  for (const [i, cpu] of [12, 87, 45].entries()) {
    const id = await seedDevice(t, tenantA, { name: `a-online-${i}`, status: 'online' })
    online.push(id)
    t.latest.set(id, {
      tenantId: tenantA,
      latest: { at: now, cpu, memUsed: 30 + i, trafficBps: 1_000_000 * (i + 1) },
    })
  }
  const down = await seedDevice(t, tenantA, {
    name: 'a-down',
    status: 'offline',
    lastError: 'Connection refused on port 8728',
  })
  await seedDevice(t, tenantA, {
    name: 'a-badpass',
    status: 'auth_failed',
    lastError: 'Wrong user name or password',
  })
  await seedDevice(t, tenantA, {
    name: 'a-partial',
    status: 'degraded',
    lastError: 'wireless collector failed',
  })
  await seedDevice(t, tenantA, { name: 'a-disabled', status: 'offline', enabled: false })
  await seedEvent(t, tenantA, down, 'went_offline', 'Device went offline: connection refused')
  await seedEvent(t, tenantA, online[0] as string, 'came_online', 'Device came online')
  const b = await seedDevice(t, tenantB, {
    name: 'b-hidden-router',
    status: 'offline',
    lastError: 'b-secret-error',
  })
  await seedEvent(t, tenantB, b, 'went_offline', 'b-hidden-event')
  t.latest.set(b, { tenantId: tenantB, latest: { at: now, cpu: 99, memUsed: 99, trafficBps: 9e9 } })
})
afterAll(() => t.close())

describe('GET / (fleet dashboard)', () => {
  it('counts the enabled devices of the active tenant by status', async () => {
    const viewer = await loginAs(t, 'viewer', tenantA)
    const res = await viewer.get('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(count(html, 'total')).toBe('6')
    expect(count(html, 'online')).toBe('3')
    expect(count(html, 'offline')).toBe('1')
    expect(count(html, 'auth_failed')).toBe('1')
    expect(count(html, 'degraded')).toBe('1')
    expect(count(html, 'unknown')).toBe('0')
  })

  it('lists devices needing attention worst first, with the reason, and recent events', async () => {
    const viewer = await loginAs(t, 'viewer', tenantA)
    const text = visibleText(await (await viewer.get('/')).text())
    const attention = text.slice(text.indexOf('Needs attention'), text.indexOf('Recent events'))
    expect(attention.indexOf('a-badpass')).toBeLessThan(attention.indexOf('a-down'))
    expect(attention.indexOf('a-down')).toBeLessThan(attention.indexOf('a-partial'))
    expect(attention).toContain('Connection refused on port 8728')
    expect(attention).not.toContain('a-disabled')
    expect(text).toMatch(/a-down ?: Device went offline: connection refused/)
    expect(text).toMatch(/a-online-0 ?: Device came online/)
  })

  it('ranks top CPU, memory and traffic from the poller values', async () => {
    const viewer = await loginAs(t, 'viewer', tenantA)
    const text = visibleText(await (await viewer.get('/')).text())
    const cpu = text.slice(text.indexOf('Top CPU'), text.indexOf('Top memory'))
    expect(cpu.indexOf('a-online-1')).toBeLessThan(cpu.indexOf('a-online-2'))
    expect(cpu.indexOf('a-online-2')).toBeLessThan(cpu.indexOf('a-online-0'))
    expect(cpu).toContain('87 %')
    expect(text.slice(text.indexOf('Top traffic'))).toContain('3 Mbit/s')
  })

  it("never shows another tenant's devices, errors or events", async () => {
    const admin = await loginAs(t, 'admin', tenantA)
    const html = await (await admin.get('/')).text()
    for (const secret of ['b-hidden-router', 'b-secret-error', 'b-hidden-event', '99 %'])
      expect(html).not.toContain(secret)
  })

  it('answers an htmx request with the live panels alone, wired to refresh themselves', async () => {
    const viewer = await loginAs(t, 'viewer', tenantA)
    const res = await viewer.get('/', { htmx: true })
    const html = await res.text()
    expect(res.headers.get('Vary')).toContain('HX-Request')
    expect(html.startsWith('<div id="dashboard-panels"')).toBe(true)
    expect(html).not.toContain('<html')
    expect(html).toContain('data-live="fleet"')
    expect(html).toContain('hx-trigger="outpost:refresh throttle:1s"')
    expect(count(html, 'online')).toBe('3')
  })

  it('loads the live-update script on the page', async () => {
    const viewer = await loginAs(t, 'viewer', tenantA)
    const html = await (await viewer.get('/')).text()
    const src = html.match(/<script src="(\/assets\/live\.js\?v=[0-9a-f]+)"/)?.[1]
    expect(src).toBeDefined()
    const js = await (await viewer.get(src as string)).text()
    expect(js).toContain(
      "new EventSource(withTenant(own ? own.getAttribute('data-live-source') : '/live'))",
    )
    // the stream names the tenant its page shows (issue 15)
    expect(js).toContain("'_tenant='")
  })
})

describe('GET / for a tenant without devices', () => {
  it('invites an operator to add the first device', async () => {
    const empty = (await makeTenant(t.deps, 'Dash empty')).id
    const operator = await loginAs(t, 'operator', empty)
    const html = await (await operator.get('/')).text()
    expect(visibleText(html)).toContain('No devices yet')
    expect(html).toContain('href="/devices/new"')
    expect(html).not.toContain('data-count="online"')
  })

  it('tells a viewer who adds devices, without a link it could not use', async () => {
    const empty = (await makeTenant(t.deps, 'Dash empty 2')).id
    const viewer = await loginAs(t, 'viewer', empty)
    const html = await (await viewer.get('/')).text()
    expect(visibleText(html)).toContain(
      "Devices added by your tenant's administrators or operators will appear here.",
    )
    expect(html).not.toContain('href="/devices/new"')
  })

  it('shows the dashboard, not the empty state, when the only device is disabled', async () => {
    const tenant = (await makeTenant(t.deps, 'Dash disabled')).id
    await seedDevice(t, tenant, { name: 'sleeping', enabled: false })
    const viewer = await loginAs(t, 'viewer', tenant)
    const html = await (await viewer.get('/')).text()
    expect(visibleText(html)).not.toContain('No devices yet')
    expect(count(html, 'total')).toBe('0')
  })
})
