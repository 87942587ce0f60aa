import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AlertEngine } from '../../../src/alerts/index.ts'
import { createApp } from '../../../src/app.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { MaintenanceCalendar, notifyEndedWindows } from '../../../src/maintenance/index.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { loginAs } from '../../support/login.ts'
import { TestAgent } from '../../support/test-app.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'

let h: Harness
let engine: AlertEngine
let calendar: MaintenanceCalendar
let rt: DeviceRuntime
let app: ReturnType<typeof createApp>

beforeEach(async () => {
  h = await createHarness()
  calendar = new MaintenanceCalendar()
  await calendar.refreshZones(h.deps.db)
  engine = new AlertEngine({
    kysely: h.deps.kysely,
    log: h.deps.log,
    clock: h.clock,
    bus: h.bus,
    publicUrl: '',
    isSilenced: calendar.isSilenced,
  })
  engine.start()
  rt = await h.addDevice(await h.sim('maint-router'))
  await h.scope
    .insertInto('alert_channels', {
      id: newId(),
      kind: 'webhook',
      name: 'ops',
      config_json: '{"url":"http://127.0.0.1:9/"}',
      secret_enc: null,
      min_severity: 'info',
      scope_kind: 'tenant',
      scope_id: null,
      is_enabled: 1,
      created_at: 1,
      updated_at: 1,
    })
    .execute()
  app = createApp(h.deps)
})
afterEach(async () => {
  await engine.stop()
  await h.close()
})

const feed = async (value: number) => {
  h.bus.emit('device.polled', {
    tenantId: h.tenantId,
    deviceId: rt.deviceId,
    status: 'online',
    at: h.clock.now(),
    durationMs: 5,
    points: [{ metric: 'disk_used', value }],
  })
  await engine.idle()
}
const alerts = () =>
  h.scope
    .selectFrom('alerts')
    .select(['id', 'state', 'is_silenced'])
    .where('device_id', '=', rt.deviceId as DeviceId)
    .execute()
const outbox = () =>
  h.scope.selectFrom('alert_outbox').select(['event', 'alert_id']).orderBy('created_at').execute()
const endCheck = () =>
  notifyEndedWindows({
    deps: { ...h.deps, clock: h.clock, config: { publicUrl: '' } },
    log: h.deps.log,
    calendar,
  })

async function window(scope: { kind: 'tenant' | 'device'; id: string | null }, minutes: number) {
  const now = h.clock.now()
  await h.scope
    .insertInto('maintenance_windows', {
      id: newId(now),
      name: 'firmware night',
      scope_kind: scope.kind,
      scope_id: scope.id,
      kind: 'once',
      starts_at: now - 60_000,
      ends_at: now + minutes * 60_000,
      week_days: 0,
      start_minute: 0,
      duration_min: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
}

describe('maintenance windows and alerts', () => {
  it('records an alert inside a window without notifying, and notifies it when the window ends with it still open', async () => {
    await window({ kind: 'device', id: rt.deviceId }, 30)
    await feed(99)
    expect(await alerts()).toMatchObject([{ state: 'open', is_silenced: 1 }])
    expect(await outbox()).toEqual([])
    expect(await endCheck()).toBe(0) // the window is still open
    h.clock.advance(31 * 60_000)
    expect(await endCheck()).toBe(1)
    const [a] = await alerts()
    expect(a).toMatchObject({ state: 'open', is_silenced: 0 })
    expect(await outbox()).toEqual([{ event: 'opened', alert_id: a!.id }])
    expect(await endCheck()).toBe(0) // once only
    // notified now, so its resolution is notified too
    await feed(10)
    expect((await outbox()).map((o) => o.event)).toEqual(['opened', 'resolved'])
  })

  it('sends nothing at all for an alert that opened and resolved inside the window', async () => {
    await window({ kind: 'tenant', id: null }, 30)
    await feed(99)
    await feed(10)
    h.clock.advance(31 * 60_000)
    expect(await endCheck()).toBe(0)
    expect(await alerts()).toMatchObject([{ state: 'resolved', is_silenced: 1 }])
    expect(await outbox()).toEqual([])
  })

  it('notifies at once outside any window (a window of another device does not silence this one)', async () => {
    await window({ kind: 'device', id: newId() }, 30)
    await feed(99)
    expect(await alerts()).toMatchObject([{ state: 'open', is_silenced: 0 }])
    expect((await outbox()).map((o) => o.event)).toEqual(['opened'])
  })
})

describe('maintenance windows API and pages', () => {
  let ip = 1
  const agent = async (role: 'viewer' | 'operator' | 'admin') => {
    const t = {
      app,
      deps: h.deps,
      agent: (addr?: string) => new TestAgent(app, h.deps, addr ?? `10.73.0.${ip++}`),
      close: async () => {},
    }
    return loginAs(t, role, h.tenantId as TenantId)
  }

  it('creates weekly and one-off windows in the tenant time zone, rejects bad input, and marks the device', async () => {
    const op = await agent('operator')
    const bad = await op.request('POST', '/api/v1/maintenance-windows', {
      json: {
        name: 'x',
        scopeKind: 'tenant',
        kind: 'once',
        startsAt: '2026-12-06T03:00',
        endsAt: '2026-12-06T02:00',
      },
    })
    expect(bad.status).toBe(422)
    expect(
      ((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({ endsAt: 'The end must be after the start.' })
    const noDays = await op.request('POST', '/api/v1/maintenance-windows', {
      json: {
        name: 'x',
        scopeKind: 'device',
        scopeId: newId(),
        kind: 'weekly',
        startTime: '02:00',
        durationMin: 60,
      },
    })
    expect(
      ((await noDays.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({ scopeId: 'Pick a device of this tenant.', days: 'Pick at least one day.' })
    const admin = await agent('admin')
    expect(
      (
        await admin.request('POST', '/maintenance/time-zone', {
          form: { timeZone: 'Mars/Olympus' },
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await admin.request('POST', '/maintenance/time-zone', {
          form: { timeZone: 'America/New_York' },
        })
      ).status,
    ).toBe(303)
    // the app's now, Thursday 2026-01-01 00:00 UTC, is Wednesday 19:00 in New York: Wed 18:30 for 90 min covers it
    expect(new Date(h.deps.clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z')
    const made = await op.request('POST', '/api/v1/maintenance-windows', {
      json: {
        name: 'weekly',
        scopeKind: 'device',
        scopeId: rt.deviceId,
        kind: 'weekly',
        days: ['Wed'],
        startTime: '18:30',
        durationMin: 90,
      },
    })
    expect(made.status).toBe(201)
    const w = ((await made.json()) as { window: { id: string; openUntil: number | null } }).window
    expect(w.openUntil).toBe(h.deps.clock.now() + 60 * 60_000)
    expect(
      await (await op.request('GET', `/devices/${rt.deviceId}/maintenance-badge`)).text(),
    ).toContain('in maintenance: weekly')
    expect(await (await op.request('GET', '/devices')).text()).toContain('in maintenance: weekly')
    const list = await (await (await agent('viewer')).request('GET', '/maintenance')).text()
    expect(list).toContain('America/New_York')
    expect(list).toContain('in maintenance for 60 more min')
    const form = await op.request('POST', '/maintenance', {
      form: {
        name: 'xmas',
        scopeKind: 'tenant',
        kind: 'once',
        startsAt: '2026-12-24T18:00',
        endsAt: '2026-12-26T08:00',
      },
    })
    expect(form.status).toBe(303)
    const all = (await (await op.request('GET', '/api/v1/maintenance-windows')).json()) as {
      windows: { name: string; startsAt: number }[]
    }
    expect(all.windows.find((x) => x.name === 'xmas')?.startsAt).toBe(
      Date.parse('2026-12-24T23:00:00Z'),
    )
    expect(
      (
        await (
          await agent('viewer')
        ).request('DELETE', `/api/v1/maintenance-windows/${w.id}`, { raw: '' })
      ).status,
    ).toBe(403)
    const del = await op.request('DELETE', `/api/v1/maintenance-windows/${w.id}`, { raw: '' })
    expect([del.status, await del.text()]).toEqual([204, ''])
    expect(
      await (await op.request('GET', `/devices/${rt.deviceId}/maintenance-badge`)).text(),
    ).not.toContain('in maintenance')
  })
})
