// The device page tabs: overview panels (health, resource charts), interfaces (rates, traffic
// charts per range), clients, neighbours and events — from snapshots, samples and events — and
// another tenant's device answering 404 on every tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TenantId } from '../../../src/lib/ids.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import {
  createDashboardApp,
  seedDevice,
  seedEvent,
  seedSamples,
  seedSnapshot,
  type DashboardTestApp,
} from './dashboard-app.ts'

let t: DashboardTestApp
let tenantA: TenantId
let deviceId: string
let viewer: TestAgent

beforeAll(async () => {
  t = await createDashboardApp()
  tenantA = (await makeTenant(t.deps, 'Detail A')).id
  deviceId = await seedDevice(t, tenantA, { name: 'core-router', status: 'online' })
  await seedSnapshot(t, tenantA, deviceId, 'resource', {
    uptimeSeconds: 93_784,
    cpuLoadPercent: 17,
    cpuCount: 4,
    architecture: 'arm64',
    totalMemory: 1073741824,
    freeMemory: 536870912,
    totalHddSpace: 134217728,
    freeHddSpace: 67108864,
  })
  await seedSnapshot(t, tenantA, deviceId, 'health', [
    { name: 'cpu-temperature', value: 51, unit: 'C' },
  ])
  await seedSnapshot(t, tenantA, deviceId, 'interfaces', [
    {
      name: 'ether1',
      type: 'ether',
      running: true,
      disabled: false,
      macAddress: '02:00:00:00:00:01',
      rxByte: '123456789012',
    },
    { name: 'ether2', type: 'ether', running: false, disabled: false, comment: 'spare <port>' },
  ])
  await seedSnapshot(t, tenantA, deviceId, 'dhcp_leases', [
    {
      address: '192.168.88.20',
      macAddress: 'AA:BB:CC:00:00:20',
      hostName: 'laptop-jane',
      status: 'bound',
      dynamic: true,
      expiresAfterSeconds: 600,
    },
  ])
  await seedSnapshot(t, tenantA, deviceId, 'wireless', [
    { macAddress: 'AA:BB:CC:00:00:31', interface: 'wlan1', signal: -58, signalToNoise: 40 },
  ])
  await seedSnapshot(t, tenantA, deviceId, 'neighbours', [
    {
      identity: 'switch-lobby',
      address: '192.168.88.2',
      interfaces: ['ether1'],
      platform: 'MikroTik',
      discoveredBy: ['mndp'],
    },
  ])
  await seedEvent(t, tenantA, deviceId, 'rebooted', 'Device rebooted (up 2m)')
  const ids = { tenantId: tenantA, deviceId }
  seedSamples(
    t,
    ids,
    (i) => [
      { metric: 'cpu', value: 10 + i },
      { metric: 'mem_used', value: 50 },
      { metric: 'disk_used', value: 50 },
      { metric: 'uptime', value: 1000 + i * 60 },
      { metric: 'if_rx', label: 'ether1', value: 2_500_000 },
      { metric: 'if_tx', label: 'ether1', value: 800_000 },
    ],
    30,
  )
  viewer = await loginAs(t, 'viewer', tenantA)
})
afterAll(() => t.close())

describe('device page overview', () => {
  it('loads its health and charts as a live fragment', async () => {
    const page = await (await viewer.get(`/devices/${deviceId}`)).text()
    expect(page).toContain(`hx-get="/devices/${deviceId}/overview?range=1h"`)
    const res = await viewer.get(`/devices/${deviceId}/overview?range=1h`, { htmx: true })
    expect(res.status).toBe(200)
    const html = await res.text()
    const text = visibleText(html)
    // the latest CPU sample (every poll), not the snapshot's 17 % (rewritten only on change)
    expect(text).toContain('39 % of 4 cores (arm64)')
    expect(text).toContain('512 MiB of 1.0 GiB (50 %)')
    expect(text).toContain('51 °C')
    expect(html).toContain(`data-live="device:${deviceId}"`)
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(3)
    expect(html).toContain('<title id="chart-cpu-title">CPU load</title>')
    expect(html).toMatch(/CPU: latest 39 %, peak 39 %/)
    expect(html).toContain(`id="device-status-${deviceId}" hx-swap-oob="true"`)
  })

  it('sends a browser that asks for the fragment directly to the device page', async () => {
    const res = await viewer.get(`/devices/${deviceId}/overview`)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/devices/${deviceId}`)
  })
})

describe('device page tabs', () => {
  it('interfaces: link state, current rates and a traffic chart per interface with data', async () => {
    const res = await viewer.get(`/devices/${deviceId}/interfaces`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const text = visibleText(html)
    expect(text).toContain('ether1 ether running 2.5 Mbit/s 800 kbit/s')
    expect(text).toContain('spare <port>')
    expect(text).toContain('no link')
    expect(html).toContain('<title id="chart-if-ether1-title">ether1 traffic</title>')
    expect(html).not.toContain('chart-if-ether2')
    expect(html).toContain('aria-current="page">Interfaces</a>')
  })

  it('interfaces: every range draws from the right window', async () => {
    for (const range of ['1h', '24h', '7d', '30d']) {
      const html = await (await viewer.get(`/devices/${deviceId}/interfaces?range=${range}`)).text()
      expect(html).toContain(
        `href="/devices/${deviceId}/interfaces?range=${range}" aria-current="true"`,
      )
      expect(html).toContain('chart-if-ether1')
    }
  })

  it('clients: DHCP leases and wireless clients with their signal', async () => {
    const text = visibleText(await (await viewer.get(`/devices/${deviceId}/clients`)).text())
    expect(text).toContain('192.168.88.20 laptop-jane AA:BB:CC:00:00:20')
    expect(text).toContain('-58 dBm good')
  })

  it('neighbours and events', async () => {
    expect(
      visibleText(await (await viewer.get(`/devices/${deviceId}/neighbours`)).text()),
    ).toContain('switch-lobby 192.168.88.2')
    expect(visibleText(await (await viewer.get(`/devices/${deviceId}/events`)).text())).toContain(
      'Device rebooted (up 2m)',
    )
  })

  it('a tab asked by htmx answers its live region and the status badge only', async () => {
    const html = await (await viewer.get(`/devices/${deviceId}/events`, { htmx: true })).text()
    expect(html.startsWith('<div id="device-tab"')).toBe(true)
    expect(html).not.toContain('<nav class="tabs"')
    expect(html).toContain('hx-swap-oob="true"')
  })

  it("answers 404 on every tab of another tenant's device, without its data", async () => {
    const other = await loginAs(t, 'admin', (await makeTenant(t.deps, 'Detail B')).id)
    for (const tab of ['overview', 'interfaces', 'clients', 'neighbours', 'events']) {
      const res = await other.get(`/devices/${deviceId}/${tab}`, { htmx: tab === 'overview' })
      expect(res.status, tab).toBe(404)
      const body = await res.text()
      expect(body).not.toContain('core-router')
      expect(body).not.toContain('laptop-jane')
    }
  })
})
