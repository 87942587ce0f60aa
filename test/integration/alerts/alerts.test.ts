// Rules → alerts end to end: the real engine on the poller's bus (a simulated router polled for
// real for "offline"), the database, the pages and the JSON API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertEngine } from '../../../src/alerts/index.ts'
import { EventBus } from '../../../src/poller/index.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { loginAs } from '../../support/login.ts'
import { createAlertHarness, type AlertHarness } from './alert-harness.ts'
import { auditRows } from '../../support/audit.ts'

const MIN = 60_000
let h: AlertHarness
let rt: DeviceRuntime

beforeAll(async () => {
  h = await createAlertHarness()
  rt = await h.addDevice(await h.sim('alert-router'))
  expect(await h.poll(rt)).toBe(true)
  await h.engine.idle()
}, 30_000)
afterAll(() => h.close())

describe('alert engine', () => {
  it('creates the default rules once for the tenant', async () => {
    const rules = await h.scope
      .selectFrom('alert_rules')
      .select(['kind', 'threshold', 'duration_s'])
      .execute()
    expect(rules.map((r) => r.kind).sort()).toEqual([
      'cpu',
      'disk',
      'memory',
      'offline',
      'rebooted',
      'temperature',
      'wireless_signal',
    ])
    expect(rules.find((r) => r.kind === 'cpu')).toMatchObject({ threshold: 90, duration_s: 300 })
  })

  it('opens CPU > 90 % after 5 minutes, keeps it through the hysteresis band, then resolves it', async () => {
    const id = rt.deviceId
    for (let i = 0; i <= 5; i++) {
      await h.feed(id, [{ metric: 'cpu', value: 95 }])
      if (i < 5) h.clock.advance(MIN)
    }
    expect(await h.alerts(id)).toMatchObject([{ kind: 'cpu', state: 'open', value: 95 }])
    h.clock.advance(MIN)
    await h.feed(id, [{ metric: 'cpu', value: 88 }])
    expect((await h.alerts(id))[0]?.state).toBe('open')
    h.clock.advance(MIN)
    await h.feed(id, [{ metric: 'cpu', value: 40 }])
    expect(await h.alerts(id)).toMatchObject([{ kind: 'cpu', state: 'resolved' }])
  })

  it('opens "offline" after the router has not answered for 2 minutes, and resolves when it answers', async () => {
    const sim = h.sims[0]!
    await sim.server.close()
    await rt.connection.drop()
    for (let i = 0; i < 3; i++) {
      await h.poll(rt)
      await h.engine.idle()
      h.clock.advance(MIN)
    }
    const open = (await h.alerts(rt.deviceId)).filter((a) => a.kind === 'offline')
    expect(open).toMatchObject([{ state: 'open' }])
    // the router answers again (a poll result as the poller publishes it)
    await h.feed(rt.deviceId, [], 'online')
    expect((await h.alerts(rt.deviceId)).filter((a) => a.kind === 'offline')).toMatchObject([
      { state: 'resolved' },
    ])
  }, 30_000)

  it('continues an open alert after a restart instead of opening a second one', async () => {
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }])
    expect(
      (await h.alerts(rt.deviceId)).filter((a) => a.kind === 'disk' && a.state === 'open'),
    ).toHaveLength(1)
    await h.engine.stop()
    const again = new AlertEngine({
      kysely: h.deps.kysely,
      log: h.deps.log,
      clock: h.clock,
      bus: h.bus,
      publicUrl: '',
    })
    again.start()
    h.clock.advance(MIN)
    h.bus.emit('device.polled', {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      status: 'online',
      at: h.clock.now(),
      durationMs: 1,
      points: [{ metric: 'disk_used', value: 98 }],
    })
    await again.idle()
    expect((await h.alerts(rt.deviceId)).filter((a) => a.kind === 'disk')).toHaveLength(1)
    h.clock.advance(MIN)
    h.bus.emit('device.polled', {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      status: 'online',
      at: h.clock.now(),
      durationMs: 1,
      points: [{ metric: 'disk_used', value: 50 }],
    })
    await again.idle()
    expect((await h.alerts(rt.deviceId)).filter((a) => a.kind === 'disk')).toMatchObject([
      { state: 'resolved' },
    ])
    await again.stop()
    h.engine.start()
  })

  it('takes over the open alerts of a device handed over by another poller (several pollers)', async () => {
    // process B: its own engine and bus on the same database, tenant already loaded
    const busB = new EventBus()
    const b = new AlertEngine({
      kysely: h.deps.kysely,
      log: h.deps.log,
      clock: h.clock,
      bus: busB,
      publicUrl: '',
    })
    b.start()
    const pollOnB = async (disk: number) => {
      h.clock.advance(MIN)
      busB.emit('device.polled', {
        tenantId: h.tenantId,
        deviceId: rt.deviceId,
        status: 'online',
        at: h.clock.now(),
        durationMs: 1,
        points: [{ metric: 'disk_used', value: disk }],
      })
      await b.idle()
    }
    await pollOnB(40)
    // process A, which polls the device now, opens a disk alert after B read the tenant (its
    // first result clears what it remembers from the test before)
    h.clock.advance(MIN)
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 40 }])
    h.clock.advance(MIN)
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }])
    const disk = async () => (await h.alerts(rt.deviceId)).filter((a) => a.kind === 'disk')
    const before = (await disk()).length
    expect((await disk()).filter((a) => a.state === 'open')).toHaveLength(1)
    // A dies; B's leases claim the device; B's first result is back to normal: B resolves the
    // alert A opened (without the hand-over B would not know it and the alert would stay open)
    b.devicesAcquired([{ id: rt.deviceId, tenantId: h.tenantId }])
    await pollOnB(50)
    expect((await disk()).filter((a) => a.state === 'open')).toHaveLength(0)
    expect(await disk()).toHaveLength(before)
    await b.stop()
  })

  it('opens "rebooted" on the poller event', async () => {
    h.bus.emit('device.event', {
      tenantId: h.tenantId,
      deviceId: rt.deviceId,
      kind: 'rebooted',
      message: 'Device rebooted',
      at: h.clock.now(),
    })
    await h.engine.idle()
    expect((await h.alerts(rt.deviceId)).filter((a) => a.kind === 'rebooted')).toMatchObject([
      { state: 'open' },
    ])
  })
})

describe('alerts API and pages', () => {
  it('lists open alerts as { alerts: [{ id, deviceId, rule, severity, state, openedAt }] } and acknowledges with a note', async () => {
    const a = await h.admin()
    const res = await a.request('GET', '/api/v1/alerts?state=open')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { alerts: Record<string, unknown>[] }
    const reboot = body.alerts.find((x) => x.kind === 'rebooted')
    expect(reboot).toMatchObject({
      deviceId: rt.deviceId,
      rule: 'Device rebooted',
      severity: 'info',
      state: 'open',
      openedAt: expect.any(Number),
    })
    const ack = await a.request('POST', `/api/v1/alerts/${String(reboot?.id)}/ack`, {
      json: { note: 'planned upgrade' },
    })
    expect(ack.status).toBe(200)
    expect(await ack.json()).toMatchObject({
      alert: { state: 'acknowledged', ackNote: 'planned upgrade', ackedBy: expect.any(String) },
    })
    const again = await a.request('POST', `/api/v1/alerts/${String(reboot?.id)}/ack`, {
      json: { note: '' },
    })
    expect(again.status).toBe(422)
    const audit = await auditRows(h.deps, (q) => q.where('action', '=', 'alert.acknowledge'))
    expect(audit).toHaveLength(1)
    expect(audit[0]?.details_json).toContain('planned upgrade')
  })

  it('shows active alerts in the dashboard panel and on the device page, and the history page', async () => {
    const a = await h.admin()
    const panel = await a.get('/alerts/panel')
    expect(panel.status).toBe(200)
    const html = await panel.text()
    expect(html).toContain('Rebooted (uptime reset)')
    expect(html).toContain('data-live="fleet"')
    const dev = await (await a.get(`/alerts/panel?deviceId=${rt.deviceId}`)).text()
    expect(dev).toContain(`data-live="device:${rt.deviceId}"`)
    expect(await (await a.get('/')).text()).toContain('hx-get="/alerts/panel"')
    const history = await (await a.get('/alerts?state=resolved')).text()
    expect(history).toContain('CPU load')
  })

  it('manages rules through the API with clear messages for bad input', async () => {
    const a = await h.admin()
    const bad = await a.request('POST', '/api/v1/alert-rules', {
      json: { name: 'x', kind: 'ccq', threshold: 'high' },
    })
    expect(bad.status).toBe(422)
    const fields = ((await bad.json()) as { error: { fields: Record<string, string> } }).error
      .fields
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['kind', 'threshold']))
    const made = await a.request('POST', '/api/v1/alert-rules', {
      json: {
        name: 'Hot router',
        kind: 'temperature',
        threshold: 60,
        scopeKind: 'device',
        scopeId: rt.deviceId,
        severity: 'critical',
      },
    })
    expect(made.status).toBe(201)
    const rule = ((await made.json()) as { rule: { id: string; scopeKind: string } }).rule
    expect(rule.scopeKind).toBe('device')
    const patched = await a.request('PATCH', `/api/v1/alert-rules/${rule.id}`, {
      json: { threshold: 65, enabled: false },
    })
    expect(await patched.json()).toMatchObject({ rule: { threshold: 65, enabled: false } })
    const headers = { 'X-CSRF-Token': await a.csrfToken() }
    expect((await a.request('DELETE', `/api/v1/alert-rules/${rule.id}`, { headers })).status).toBe(
      204,
    )
    expect((await a.request('GET', `/api/v1/alert-rules/${rule.id}`)).status).toBe(404)
  })

  it('a viewer sees alerts but cannot resolve them', async () => {
    const v = await loginAs(h.t, 'viewer', h.tenantId)
    const list = (await (await v.request('GET', '/api/v1/alerts?state=active')).json()) as {
      alerts: { id: string }[]
    }
    expect(list.alerts.length).toBeGreaterThan(0)
    const res = await v.request('POST', `/api/v1/alerts/${list.alerts[0]?.id}/resolve`, {
      headers: { 'X-CSRF-Token': await v.csrfToken() },
    })
    expect(res.status).toBe(403)
  })
})
