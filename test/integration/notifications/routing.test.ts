// Routing and flood control: the default route catches what no channel's route took, more than N
// alerts a minute become one digest per channel (and the grouped messages show its outcome), and
// an alert recorded inside a maintenance window is notified when notifyAlertNow is called.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { notifyAlertNow } from '../../../src/alerts/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { newId } from '../../../src/lib/ids.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { createNotifyHarness, type NotifyHarness } from './notify-harness.ts'

let h: NotifyHarness
let rt: DeviceRuntime

beforeEach(async () => {
  h = await createNotifyHarness({ floodLimit: 10 })
  rt = await h.addDevice(await h.sim('edge-7'))
})
afterEach(() => h.close())

type Body = { event: string; title: string; digest: { count: number; lines: string[] } | null }
const bodies = () => h.rx.received.map((r) => JSON.parse(r.body) as Body)
const channelsOf = async (alertId: string) =>
  (
    await h.scope
      .selectFrom('alert_outbox')
      .select('channel_id')
      .where('alert_id', '=', alertId)
      .execute()
  ).map((r) => r.channel_id)

describe('routing', () => {
  it('sends an alert no route took to the default channel, and only there', async () => {
    const elsewhere = newId()
    // the first channel is the default; its own route (one other device) does not take this alert
    const fallback = await h.webhook('Fallback', undefined, {
      scopeKind: 'device',
      scopeId: rt.deviceId,
    })
    await h.scope
      .updateTable('alert_channels')
      .set({ scope_id: elsewhere })
      .where('id', '=', fallback)
      .execute()
    const pager = await h.webhook('Pager', undefined, { minSeverity: 'critical' })
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }]) // a warning: the pager does not take it
    const [first] = await h.alerts(rt.deviceId)
    expect(await channelsOf(first!.id)).toEqual([fallback])

    // channels whose routes take it (critical): the default stays out
    const team = await h.webhook('Team')
    await h.feed(rt.deviceId, [{ metric: 'temperature', value: 80 }])
    const hot = (await h.alerts(rt.deviceId)).find((a) => a.kind === 'temperature')
    expect(hot).toBeDefined()
    expect((await channelsOf(hot!.id)).sort()).toEqual([pager, team].sort())
  })

  it('makes the oldest remaining channel the default when the default is deleted', async () => {
    const first = await h.webhook('First')
    const second = await h.webhook('Second')
    const csrf = { 'X-CSRF-Token': await h.admin_.csrfToken() }
    await h.admin_.request('DELETE', `/api/v1/channels/${first}`, { headers: csrf })
    const row = await h.scope
      .selectFrom('alert_channels')
      .select('is_default')
      .where('id', '=', second)
      .executeTakeFirstOrThrow()
    expect(row.is_default).toBe(1)
  })
})

describe('flood control', () => {
  it('groups more than N alerts a minute into one digest per channel, holds the rest for the next window', async () => {
    const ch = await h.webhook('Flooded')
    const storm = await Promise.all(Array.from({ length: 25 }, () => h.queue(h.scope, ch)))
    await h.dispatcher.drain()
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]).toMatchObject({
      event: 'digest',
      title: '25 alerts in the last minute',
      digest: { count: 25 },
    })
    expect(bodies()[0]?.digest?.lines[0]).toBe(
      'opened [critical] CPU load 99 % > 90 % on edge-router since 2026-11-01 12:00 UTC https://outpost.test/devices/dev',
    )
    const rows = await Promise.all(storm.map((id) => h.outbox(id)))
    const digestId = rows[0]!.digest_id
    expect(digestId).not.toBeNull()
    expect(rows.every((r) => r.state === 'cancelled' && r.digest_id === digestId)).toBe(true)
    expect(await h.outbox(digestId!)).toMatchObject({ state: 'sent' })

    // more in the same minute: held, then the next digest one window after the first
    h.clock.advance(10_000)
    const late = await Promise.all(Array.from({ length: 3 }, () => h.queue(h.scope, ch)))
    await h.dispatcher.drain()
    expect(bodies()).toHaveLength(1)
    h.clock.advance(50_000)
    await h.dispatcher.drain()
    expect(bodies()).toHaveLength(2)
    expect(bodies()[1]).toMatchObject({ event: 'digest', digest: { count: 3 } })
    expect((await h.outbox(late[0]!)).state).toBe('cancelled')

    // a quiet minute later: one by one again
    h.clock.advance(3 * 60_000)
    await Promise.all(Array.from({ length: 4 }, () => h.queue(h.scope, ch)))
    await h.dispatcher.drain()
    expect(
      bodies()
        .slice(2)
        .map((b) => b.event),
    ).toEqual(['opened', 'opened', 'opened', 'opened'])
  })

  it('shows a grouped alert as delivered through its digest on the alert', async () => {
    const ch = await h.webhook('Flooded')
    await Promise.all(Array.from({ length: 11 }, () => h.queue(h.scope, ch)))
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }])
    const [alert] = await h.alerts(rt.deviceId)
    await h.dispatcher.drain()
    expect(bodies()).toMatchObject([{ event: 'digest', digest: { count: 12 } }])
    const detail = (await (
      await h.admin_.request('GET', `/api/v1/alerts/${alert!.id}`)
    ).json()) as { deliveries: { state: string; lastError: string | null }[] }
    expect(detail.deliveries).toMatchObject([
      { state: 'sent', lastError: 'grouped into a flood digest' },
    ])
  })
})

describe('notifyAlertNow (a maintenance window ended)', () => {
  it('queues the message of an alert recorded silently, and its resolution is notified later', async () => {
    const ch = await h.webhook('After hours')
    const alertId = newId()
    await h.scope
      .insertInto('alerts', {
        id: alertId,
        device_id: rt.deviceId as DeviceId,
        rule_id: newId(),
        rule_name: 'Disk',
        kind: 'disk',
        label: null,
        severity: 'warning',
        state: 'open',
        value: 95,
        threshold: 90,
        message: 'Disk used 95 % > 90 %',
        opened_at: h.clock.now(),
        acked_at: null,
        acked_by: null,
        ack_note: null,
        resolved_at: null,
        is_silenced: 1,
      })
      .execute()
    expect(
      await notifyAlertNow(
        { clock: h.clock, config: { publicUrl: 'https://outpost.test' } },
        h.scope,
        alertId,
      ),
    ).toBe(1)
    expect(await channelsOf(alertId)).toEqual([ch])
    const row = await h.scope
      .selectFrom('alerts')
      .select('is_silenced')
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow()
    expect(row.is_silenced).toBe(0)
    await h.dispatcher.drain()
    expect(bodies()[0]).toMatchObject({
      event: 'opened',
      title: 'Alert [WARNING] Disk used 95 % > 90 % on edge-7',
    })
    // unknown alerts, and an alert already notified: nothing owed, nothing sent twice
    const none = { clock: h.clock, config: { publicUrl: '' } }
    expect(await notifyAlertNow(none, h.scope, newId())).toBeUndefined()
    expect(await notifyAlertNow(none, h.scope, alertId)).toBeUndefined()
    expect(await channelsOf(alertId)).toEqual([ch])
  })
})
