// Issue 15: the events history page (device, kind and time filters, numbered pages, another
// tenant's events never shown), "needs attention" paged over every problem device (not the first
// eight), the device table's live cells route, and the user's time zone on charts and hover times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertDeviceEvents } from '../../../src/poller/poller.repo.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import {
  createDashboardApp,
  seedDevice,
  seedSamples,
  type DashboardTestApp,
} from './dashboard-app.ts'

let t: DashboardTestApp
let tenant: TenantId
let other: TenantId
let viewer: TestAgent
const offline: string[] = []
let core: string
let otherDevice: string

beforeAll(async () => {
  t = await createDashboardApp()
  tenant = (await makeTenant(t.deps, 'Events Co')).id
  other = (await makeTenant(t.deps, 'Other Co')).id
  core = await seedDevice(t, tenant, { name: 'core-router', status: 'online' })
  // twelve problem devices: more than the dashboard's first eight
  for (let i = 0; i < 12; i++)
    offline.push(
      await seedDevice(t, tenant, {
        name: `branch-${String(i).padStart(2, '0')}`,
        status: i === 11 ? 'auth_failed' : 'offline',
        lastError: 'no answer',
      }),
    )
  otherDevice = await seedDevice(t, other, { name: 'foreign-router', status: 'online' })
  const now = t.deps.clock.now()
  const scope = forTenant(t.deps.kysely, tenant)
  // 60 reboots of core-router over the last hour, and one old went_offline per branch (2 days)
  for (let i = 0; i < 60; i++)
    await insertDeviceEvents(
      scope,
      core,
      [{ kind: 'rebooted', message: `Reboot ${i}` }],
      now - i * 60_000,
    )
  for (const id of offline)
    await insertDeviceEvents(
      scope,
      id,
      [{ kind: 'went_offline', message: 'Device went offline: no answer' }],
      now - 2 * 86_400_000,
    )
  await insertDeviceEvents(
    forTenant(t.deps.kysely, other),
    otherDevice,
    [{ kind: 'rebooted', message: 'Foreign reboot' }],
    now,
  )
  seedSamples(t, { tenantId: tenant, deviceId: core }, (i) => [{ metric: 'cpu', value: i }], 10)
  viewer = await loginAs(t, 'viewer', tenant)
})
afterAll(() => t.close())

describe('events history', () => {
  it("lists every event newest first in pages of 50, never another tenant's", async () => {
    const res = await viewer.get('/events')
    expect(res.status).toBe(200)
    const text = visibleText(await res.text())
    expect(text).toContain('Showing 1–50 of 72 events')
    expect(text).toContain('Page 1 of 2')
    expect(text).toMatch(/core-router Rebooted Reboot 0 .*Reboot 1 /)
    expect(text).not.toContain('Foreign reboot')
    const two = visibleText(await (await viewer.get('/events?page=2')).text())
    expect(two).toContain('Showing 51–72 of 72 events')
    expect(two).toContain('branch-00')
  })

  it('filters by device name, kind and time', async () => {
    const byKind = visibleText(await (await viewer.get('/events?kind=went_offline')).text())
    expect(byKind).toContain('Showing 1–12 of 12 events')
    const byTime = visibleText(await (await viewer.get('/events?since=24h')).text())
    expect(byTime).toContain('of 60 events')
    expect(byTime).not.toContain('branch-')
    const byName = visibleText(await (await viewer.get('/events?device=branch-1')).text())
    expect(byName).toContain('Showing 1–2 of 2 events') // branch-10, branch-11
    const none = visibleText(await (await viewer.get('/events?device=%25&kind=rebooted')).text())
    expect(none).toContain('No events match these filters.')
    // nonsense filters fall back to none instead of failing
    expect((await viewer.get('/events?kind=bogus&since=forever&page=-3')).status).toBe(200)
  })
})

describe('needs attention', () => {
  it('counts every problem device and pages through all of them, worst first', async () => {
    const one = visibleText(await (await viewer.get('/')).text())
    expect(one).toMatch(/Needs attention \(12\)/)
    expect(one).toMatch(/Needs attention \(12\) branch-11 auth failed/)
    expect(one).toContain('Page 1 of 2')
    const html = await (await viewer.get('/?attention=2', { htmx: true })).text()
    expect(html).toContain('hx-get="/?attention=2"')
    const two = visibleText(html)
    expect(two).toContain('Page 2 of 2')
    const names = [...two.matchAll(/branch-\d\d/g)].map((m) => m[0])
    expect(names).toHaveLength(4)
  })
})

describe('live cells of the device table', () => {
  it('answers the cells of the asked devices of the active tenant only', async () => {
    const res = await viewer.get(`/devices/cells?ids=${core},${offline[0]},${otherDevice},junk`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`data-device-id="${core}"`)
    expect(html).toContain(`data-device-id="${offline[0]}"`)
    expect(html).not.toContain(otherDevice)
    expect(html).toMatch(/<td data-cell="status" data-status="offline">/)
    expect(html).not.toContain('type="checkbox"')
  })
})

describe('time zone', () => {
  it('is chosen on the account page and used by charts and hover times; a bad name changes nothing', async () => {
    const bad = await viewer.post('/account/time-zone', { timeZone: 'Mars/Olympus' })
    expect(bad.status).toBe(422)
    expect(visibleText(await bad.text())).toContain('"Mars/Olympus" is not a time zone name')
    const ok = await viewer.post('/account/time-zone', { timeZone: 'Asia/Kolkata' })
    expect(ok.status).toBe(303)
    const account = await (await viewer.get('/account')).text()
    expect(account).toMatch(/<option value="Asia\/Kolkata" selected/)
    const overview = await (
      await viewer.get(`/devices/${core}/overview?range=1h`, { htmx: true })
    ).text()
    expect(visibleText(overview)).toContain('Times in Asia/Kolkata')
    // the test clock is 2026-01-01 00:00 UTC: 05:30 in Kolkata
    expect(overview).toContain('2026-01-01 05:30 Asia/Kolkata')
    const table = await (await viewer.get('/devices')).text()
    expect(table).toMatch(/title="2026-01-01 05:30:00 Asia\/Kolkata"/)
  })
})
