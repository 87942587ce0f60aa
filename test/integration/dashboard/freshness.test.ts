// Issue 15 "old data shown as current": a device that stopped answering shows its last values as
// "last known, at …" (uptime not counted on), and a value older than the last successful poll
// (interface rates last measured 5 minutes ago on a device polled every 15 s) says how old it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import {
  createDashboardApp,
  seedDevice,
  seedSamples,
  seedSnapshot,
  type DashboardTestApp,
} from './dashboard-app.ts'

let t: DashboardTestApp
let tenant: TenantId
let offline: string
let online: string
let viewer: TestAgent
const RESOURCE = {
  uptimeSeconds: 5000,
  cpuLoadPercent: 17,
  cpuCount: 4,
  architecture: 'arm64',
  totalMemory: 1073741824,
  freeMemory: 536870912,
}

beforeAll(async () => {
  t = await createDashboardApp()
  tenant = (await makeTenant(t.deps, 'Fresh Co')).id
  const now = t.deps.clock.now()
  offline = await seedDevice(t, tenant, { name: 'gone-router', status: 'offline' })
  online = await seedDevice(t, tenant, { name: 'busy-router', status: 'online' })
  // the offline device last answered 10 minutes ago; its samples stop there
  await forTenant(t.deps.kysely, tenant)
    .updateTable('devices')
    .set({ last_seen_at: now - 10 * 60_000, poll_interval_s: 15 })
    .where('id', '=', offline as never)
    .execute()
  await forTenant(t.deps.kysely, tenant)
    .updateTable('devices')
    .set({ poll_interval_s: 15 })
    .where('id', '=', online as never)
    .execute()
  for (const id of [offline, online]) await seedSnapshot(t, tenant, id, 'resource', RESOURCE)
  await seedSnapshot(t, tenant, online, 'interfaces', [
    { name: 'ether1', type: 'ether', running: true, disabled: false },
  ])
  const base = (i: number) => [
    { metric: 'cpu' as const, value: 20 + i },
    { metric: 'mem_used' as const, value: 50 },
    { metric: 'uptime' as const, value: 1000 + i * 15 },
  ]
  // offline: samples every 15 s, the last one 10 minutes ago
  const tenMin = 10 * 60_000
  for (let i = 0; i < 20; i++)
    t.metrics.record(tenant, offline, now - tenMin - (19 - i) * 15_000, base(i))
  // online: CPU every 15 s up to now; rates only until 5 minutes ago
  seedSamples(t, { tenantId: tenant, deviceId: online }, base, 20, 15_000)
  for (let i = 0; i < 5; i++)
    t.metrics.record(tenant, online, now - 5 * 60_000 - (4 - i) * 15_000, [
      { metric: 'if_rx', label: 'ether1', value: 2_500_000 },
      { metric: 'if_tx', label: 'ether1', value: 800_000 },
    ])
  t.metrics.flush(now)
  viewer = await loginAs(t, 'viewer', tenant)
})
afterAll(() => t.close())

const overview = async (id: string) =>
  visibleText(await (await viewer.get(`/devices/${id}/overview?range=1h`, { htmx: true })).text())

describe('values say how old they are', () => {
  it('an offline device shows its last values as "last known, at …", uptime not counted on', async () => {
    const text = await overview(offline)
    expect(text).toContain('The device is not answering: the values below are the last known ones.')
    expect(text).toMatch(/Last successful poll 10 min ago/)
    expect(text).toMatch(/Last attempt failed 0 s ago/)
    // the last reading, 1000 + 19 × 15 s = 1285 s, not that plus the 10 minutes since
    expect(text).toMatch(/Uptime 21m 25s \(last known, at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/)
    expect(text).toMatch(/CPU 39 % of 4 cores \(arm64\) \(last known, at [^)]+\)/)
    expect(text).toMatch(/Memory 512 MiB of 1\.0 GiB \(50 %\) \(last known, at [^)]+\)/)
  })

  it('an online device shows current values plainly and 5-minute-old rates with their age', async () => {
    const text = await overview(online)
    expect(text).not.toContain('last known')
    expect(text).not.toContain('as of')
    expect(text).toMatch(/CPU 39 % of 4 cores \(arm64\) Memory/)
    const tab = visibleText(
      await (await viewer.get(`/devices/${online}/interfaces?range=1h`, { htmx: true })).text(),
    )
    expect(tab).toMatch(/2\.5 Mbit\/s 800 kbit\/s \(as of 5 min ago\)/)
  })
})
