// GET /metrics: off without a configured token, 401 without the right bearer token (a session
// cookie is not enough), and with it fleet and per-device gauges of every active tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, makeTenant } from '../../support/login.ts'
import {
  createDashboardApp,
  seedDevice,
  seedSnapshot,
  type DashboardTestApp,
} from './dashboard-app.ts'

const TOKEN = 'prom-scrape-token-0123456789'
let t: DashboardTestApp
let online: string

beforeAll(async () => {
  t = await createDashboardApp({ env: { OUTPOST_METRICS_TOKEN: TOKEN } })
  const a = (await makeTenant(t.deps, 'Prom "A"')).id
  const b = (await makeTenant(t.deps, 'Prom B')).id
  const off = (await makeTenant(t.deps, 'Prom off')).id
  await t.deps.db.updateTable('tenants').set({ is_disabled: 1 }).where('id', '=', off).execute()
  online = await seedDevice(t, a, { name: 'edge-1', status: 'online' })
  await seedDevice(t, a, { name: 'edge-2', status: 'offline' })
  await seedDevice(t, a, { name: 'edge-sleeping', status: 'online', enabled: false })
  await seedDevice(t, b, { name: 'b-core', status: 'auth_failed' })
  await seedDevice(t, off, { name: 'off-router', status: 'online' })
  await seedSnapshot(t, a, online, 'resource', { uptimeSeconds: 3600 })
  t.latest.set(online, {
    tenantId: a,
    latest: { at: t.deps.clock.now(), cpu: 42, memUsed: 61.5, trafficBps: 1234567 },
  })
})
afterAll(() => t.close())

const scrape = (token?: string) =>
  t.app.request('http://localhost/metrics', {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  })

describe('GET /metrics', () => {
  it('refuses a missing or wrong token with 401 and says how to authenticate', async () => {
    for (const token of [undefined, 'wrong-token-wrong-token', `${TOKEN}x`]) {
      const res = await scrape(token)
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toContain('Bearer')
      expect(await res.text()).not.toContain('outpost_device')
    }
  })

  it('does not accept a signed-in session instead of the token', async () => {
    const admin = await loginAs(t, 'super_admin')
    expect((await admin.get('/metrics')).status).toBe(401)
  })

  it('exposes fleet counts and per-device gauges in the Prometheus text format', async () => {
    const res = await scrape(TOKEN)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const body = await res.text()
    const dev = `tenant="Prom \\"A\\"",device="edge-1",device_id="${online}"`
    expect(body).toContain('# TYPE outpost_devices gauge')
    expect(body).toContain('outpost_devices{tenant="Prom \\"A\\"",status="online"} 1')
    expect(body).toContain('outpost_devices{tenant="Prom \\"A\\"",status="offline"} 1')
    expect(body).toContain('outpost_devices{tenant="Prom B",status="auth_failed"} 1')
    expect(body).toContain(`outpost_device_up{${dev}} 1`)
    expect(body).toContain(`outpost_device_status{${dev},status="online"} 1`)
    expect(body).toContain(`outpost_device_cpu_load_percent{${dev}} 42`)
    expect(body).toContain(`outpost_device_memory_used_percent{${dev}} 61.5`)
    expect(body).toContain(`outpost_device_traffic_bits_per_second{${dev}} 1234567`)
    expect(body).toContain(`outpost_device_uptime_seconds{${dev}} 3600`)
    expect(body).toContain(`outpost_device_last_poll_age_seconds{${dev}} 0`)
  })

  it('leaves out disabled devices and disabled tenants', async () => {
    const body = await (await scrape(TOKEN)).text()
    expect(body).not.toContain('edge-sleeping')
    expect(body).not.toContain('off-router')
    expect(body).not.toContain('Prom off')
  })
})

describe('GET /metrics without a configured token', () => {
  it('is off: 404 with the variable to set', async () => {
    const plain = await createDashboardApp()
    try {
      const res = await plain.app.request('http://localhost/metrics', {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('set OUTPOST_METRICS_TOKEN')
    } finally {
      await plain.close()
    }
  })
})
