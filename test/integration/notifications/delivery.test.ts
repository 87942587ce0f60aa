// The delivery worker end to end: an alert opens on a simulated router, its message is committed
// to the outbox, then delivered to a real HTTP receiver; acknowledged and resolved follow. Faults:
// a receiver answering 500 (backoff 1 min, 5 min, 30 min, 2 h, then failed), a hanging receiver
// (timeout) that never delays another tenant, a channel deleted while messages are queued.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { NotificationDispatcher } from '../../../src/notifications/index.ts'
import type { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { createNotifyHarness, type NotifyHarness } from './notify-harness.ts'
import { startReceiver } from './receivers.ts'

let h: NotifyHarness
let rt: DeviceRuntime

beforeEach(async () => {
  h = await createNotifyHarness({ timeoutMs: 400 })
  rt = await h.addDevice(await h.sim('core-1'))
})
afterEach(() => h.close())

type Body = {
  event: string
  text: string
  title: string
  alert: { deviceName: string; url: string } | null
  digest: { count: number; lines: string[] } | null
}
const bodies = () => h.rx.received.map((r) => JSON.parse(r.body) as Body)

describe('alert notifications', () => {
  it('commits the message before sending, then says what, where, since when, with a link, for opened, acknowledged and resolved', async () => {
    await h.webhook('Ops')
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 97 }])
    const [alert] = await h.alerts(rt.deviceId)
    const queued = await h.scope
      .selectFrom('alert_outbox')
      .select(['id', 'state'])
      .where('alert_id', '=', alert!.id)
      .execute()
    expect(queued).toMatchObject([{ state: 'pending' }])
    expect(h.rx.received).toHaveLength(0)

    await h.dispatcher.drain()
    expect(bodies()).toHaveLength(1)
    const opened = bodies()[0]!
    expect(opened.event).toBe('opened')
    expect(opened.title).toBe('Alert [WARNING] Disk used 97 % > 90 % on core-1')
    expect(opened.text).toContain('Device: core-1')
    expect(opened.text).toContain('Since: 2026-11-01 12:00 UTC')
    expect(opened.text).toContain(`Open: https://outpost.test/devices/${rt.deviceId}`)
    expect(await h.outbox(queued[0]!.id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      last_error: null,
    })

    const csrf = { 'X-CSRF-Token': await h.admin_.csrfToken() }
    expect(
      (
        await h.admin_.request('POST', `/api/v1/alerts/${alert!.id}/ack`, {
          json: { note: 'on my way' },
          headers: csrf,
        })
      ).status,
    ).toBe(200)
    await h.dispatcher.drain()
    expect(bodies()[1]?.event).toBe('acknowledged')
    expect(bodies()[1]?.text).toMatch(/Acknowledged by .+ at .+: on my way/)

    h.clock.advance(10 * 60_000)
    await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 50 }])
    await h.dispatcher.drain()
    expect(bodies()[2]?.event).toBe('resolved')
    expect(bodies()[2]?.text).toContain('Resolved at 2026-11-01 12:10 UTC after 10 min')

    const detail = (await (
      await h.admin_.request('GET', `/api/v1/alerts/${alert!.id}`)
    ).json()) as { deliveries: { state: string; event: string }[] }
    // (sorted: the API's acknowledgement runs on the app's clock, the engine on the harness's)
    expect(detail.deliveries.map((d) => `${d.event}:${d.state}`).sort()).toEqual([
      'acknowledged:sent',
      'opened:sent',
      'resolved:sent',
    ])
    const page = await (await h.admin_.request('GET', `/alerts/${alert!.id}`)).text()
    expect(page).toContain('sent 2026-11-01 12:00:00 UTC')
  })

  it('retries a receiver answering 500 after 1 min, 5 min, 30 min and 2 h, then marks it failed', async () => {
    const ch = await h.webhook('Flaky')
    h.rx.answer = { status: 500, body: 'boom' }
    const id = await h.queue(h.scope, ch)
    const waits = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000]
    for (const [i, wait] of waits.entries()) {
      await h.dispatcher.drain()
      const row = await h.outbox(id)
      expect(row).toMatchObject({
        state: 'pending',
        attempts: i + 1,
        next_attempt_at: h.clock.now() + wait,
      })
      expect(row.last_error).toBe(`127.0.0.1:${h.rx.port} answered HTTP 500: boom`)
      // not before its time
      h.clock.advance(wait - 1000)
      await h.dispatcher.drain()
      expect(h.rx.received).toHaveLength(i + 1)
      h.clock.advance(1000)
    }
    await h.dispatcher.drain()
    expect(await h.outbox(id)).toMatchObject({ state: 'failed', attempts: 5 })
    expect(h.rx.received).toHaveLength(5)
    const log = (await (
      await h.admin_.request('GET', `/api/v1/channels/${ch}/deliveries`)
    ).json()) as { deliveries: { state: string; lastError: string }[] }
    expect(log.deliveries[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('HTTP 500'),
    })
  })

  it('a hanging receiver times out and is retried, and never delays another tenant', async () => {
    const slow = await h.webhook('Hangs', `${h.rx.url}/hang`)
    h.rx.answer = 'hang'
    const other = await startReceiver()
    try {
      const tenantB = newId<TenantId>()
      await h.deps.db
        .insertInto('tenants')
        .values({ id: tenantB, name: 'tenant b', created_at: 1 })
        .execute()
      const scopeB = forTenant(h.deps.kysely, tenantB)
      const fast = await h.channelIn(scopeB, {
        type: 'webhook',
        name: 'B hook',
        url: `${other.url}/b`,
        secret: 'whsec-0123456789abcdef',
      })
      const stuck = await Promise.all(Array.from({ length: 2 }, () => h.queue(h.scope, slow)))
      const quick = await h.queue(scopeB, fast)
      // a longer timeout here so that, even on a loaded machine, A is surely still hanging when B is done
      const worker = new NotificationDispatcher({
        ...h.deps,
        clock: h.clock,
        config: { ...h.deps.config, notify: { floodLimit: 10, timeoutMs: 2000 } },
      })
      try {
        await worker.scan()
        await other.waitFor(1)
        const stateB = async () =>
          (
            await scopeB
              .selectFrom('alert_outbox')
              .select(['state'])
              .where('id', '=', quick)
              .executeTakeFirstOrThrow()
          ).state
        for (let i = 0; i < 100 && (await stateB()) !== 'sent'; i++)
          await new Promise((r) => setTimeout(r, 10))
        expect(await stateB()).toBe('sent')
        // B's message went out while A's receiver was still hanging: A has not finished one attempt
        expect(worker.inflight).toBe(1) // A: one send per channel at a time
        expect((await Promise.all(stuck.map((id) => h.outbox(id)))).map((r) => r.attempts)).toEqual(
          [0, 0],
        )
        // the engine (and so the poller's consumer) keeps working meanwhile
        await h.feed(rt.deviceId, [{ metric: 'disk_used', value: 98 }])
        expect(await h.alerts(rt.deviceId)).toHaveLength(1)
        await worker.drain()
      } finally {
        await worker.stop()
      }
      const rowB = await scopeB
        .selectFrom('alert_outbox')
        .select(['state'])
        .where('id', '=', quick)
        .executeTakeFirstOrThrow()
      expect(rowB.state).toBe('sent')
      const rowsA = await Promise.all(stuck.map((id) => h.outbox(id)))
      expect(
        rowsA.every(
          (r) =>
            r.state === 'pending' &&
            r.attempts === 1 &&
            r.last_error === `127.0.0.1:${h.rx.port} did not answer within 2 s`,
        ),
      ).toBe(true)
    } finally {
      await other.close()
    }
  })

  it('cancels messages of a channel deleted while they are queued, and says why', async () => {
    const ch = await h.webhook('Doomed')
    h.rx.answer = { status: 503 }
    const id = await h.queue(h.scope, ch)
    await h.dispatcher.drain()
    expect(await h.outbox(id)).toMatchObject({ state: 'pending', attempts: 1 })
    const csrf = { 'X-CSRF-Token': await h.admin_.csrfToken() }
    expect(
      (await h.admin_.request('DELETE', `/api/v1/channels/${ch}`, { headers: csrf })).status,
    ).toBe(204)
    expect(await h.outbox(id)).toMatchObject({
      state: 'cancelled',
      last_error: 'channel deleted before the message was sent',
    })

    // deleted underneath the worker (no service call): the worker cancels instead of sending
    const ch2 = await h.webhook('Gone')
    const id2 = await h.queue(h.scope, ch2)
    await h.scope.deleteFrom('alert_channels').where('id', '=', ch2).execute()
    h.rx.answer = { status: 200, body: '{}' }
    const before = h.rx.received.length
    await h.dispatcher.drain()
    expect(await h.outbox(id2)).toMatchObject({
      state: 'cancelled',
      last_error: 'channel deleted before the message was sent',
    })
    expect(h.rx.received).toHaveLength(before)
  })
})
