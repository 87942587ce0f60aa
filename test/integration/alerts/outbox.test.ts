// Notifications are committed to the outbox in the transaction that opens, acknowledges or
// resolves an alert, one row per channel whose route (minimum severity, scope) takes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { newId } from '../../../src/lib/ids.ts'
import { createAlertHarness, type AlertHarness } from './alert-harness.ts'

let h: AlertHarness
let rt: DeviceRuntime

async function channel(
  name: string,
  minSeverity: 'info' | 'warning' | 'critical',
  scopeKind: 'tenant' | 'device' = 'tenant',
  scopeId: string | null = null,
) {
  const id = newId()
  await h.scope
    .insertInto('alert_channels', {
      id,
      kind: 'webhook',
      name,
      config_json: '{"url":"http://127.0.0.1:9/"}',
      secret_enc: null,
      min_severity: minSeverity,
      scope_kind: scopeKind,
      scope_id: scopeId,
      is_enabled: 1,
      created_at: 1,
      updated_at: 1,
    })
    .execute()
  return id
}

beforeAll(async () => {
  h = await createAlertHarness()
  rt = await h.addDevice(await h.sim('outbox-router'))
})
afterAll(() => h.close())

describe('alert outbox', () => {
  it('queues one message per matching channel with the alert, and routes by severity and scope', async () => {
    const all = await channel('everything', 'info')
    const critical = await channel('pager', 'critical')
    const other = await channel('other device', 'info', 'device', newId())
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }]) // warning
    const [alert] = await h.alerts(rt.deviceId)
    const rows = await h.scope
      .selectFrom('alert_outbox')
      .selectAll()
      .where('alert_id', '=', alert?.id ?? '')
      .execute()
    expect(rows.map((r) => r.channel_id)).toEqual([all])
    expect(rows[0]).toMatchObject({ event: 'opened', state: 'pending', attempts: 0 })
    const payload = JSON.parse(rows[0]?.payload_json ?? '{}') as { alert: Record<string, unknown> }
    expect(payload.alert).toMatchObject({
      deviceName: 'outbox-router',
      severity: 'warning',
      message: 'Disk used 97 % > 90 %',
      url: `https://outpost.test/devices/${rt.deviceId}`,
    })
    expect([critical, other]).not.toContain(rows[0]?.channel_id)

    h.clock.advance(60_000)
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 50 }])
    const events = await h.scope
      .selectFrom('alert_outbox')
      .select('event')
      .where('alert_id', '=', alert?.id ?? '')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.event)).toEqual(['opened', 'resolved'])

    const a = await h.admin()
    const detail = (await (await a.request('GET', `/api/v1/alerts/${alert?.id}`)).json()) as {
      deliveries: { channelName: string; state: string }[]
    }
    expect(detail.deliveries).toMatchObject([
      { channelName: 'everything', state: 'pending' },
      { channelName: 'everything', state: 'pending' },
    ])
  })
})

describe('alert engine tenant loading', () => {
  it('retries a tenant whose rules failed to load instead of caching "no rules"', async () => {
    const { newId: id } = await import('../../../src/lib/ids.ts')
    const tenantId = id()
    // the tenant row does not exist yet: creating its default rules fails (foreign key)
    h.bus.emit('device.polled', {
      tenantId,
      deviceId: 'nowhere',
      status: 'online',
      at: h.clock.now(),
      durationMs: 1,
      points: [],
    })
    await h.engine.idle()
    await h.deps.db
      .insertInto('tenants')
      .values({ id: tenantId as never, name: 'late tenant', created_at: h.clock.now() })
      .execute()
    const { forTenant } = await import('../../../src/db/tenant-scope.ts')
    const scope = forTenant(h.deps.kysely, tenantId as never)
    const deviceId = id()
    await scope
      .insertInto('devices', {
        id: deviceId as never,
        name: 'late',
        host: '127.0.0.1',
        host2: null,
        tls_fingerprint: null,
        tls_ca_pem: null,
        ssh_host_key: null,
        username_enc: 'x',
        password_enc: 'x',
        site_id: null,
        latitude: null,
        longitude: null,
        identity: null,
        board: null,
        version: null,
        serial: null,
        last_error: null,
        last_seen_at: null,
        last_polled_at: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute()
    h.bus.emit('device.polled', {
      tenantId,
      deviceId,
      status: 'online',
      at: h.clock.now(),
      durationMs: 1,
      points: [{ metric: 'disk_used', value: 99 }],
    })
    await h.engine.idle()
    const alerts = await scope.selectFrom('alerts').select(['kind', 'state']).execute()
    expect(alerts).toEqual([{ kind: 'disk', state: 'open' }])
  })
})
