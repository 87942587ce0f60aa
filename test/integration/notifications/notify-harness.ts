// The alert harness plus the delivery worker on the harness's clock, a loopback receiver, and
// helpers to create channels (through the real API) and to queue messages as the engine does.
import { NotificationDispatcher } from '../../../src/notifications/index.ts'
import { createChannel, type ChannelsCtx } from '../../../src/notifications/channels.service.ts'
import type { TenantScope } from '../../../src/db/tenant-scope.ts'
import { newId } from '../../../src/lib/ids.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { createAlertHarness, type AlertHarness } from '../alerts/alert-harness.ts'
import { startReceiver, type Receiver } from './receivers.ts'

export interface NotifyHarness extends AlertHarness {
  rx: Receiver
  dispatcher: NotificationDispatcher
  admin_: TestAgent
  webhook(name: string, url?: string, extra?: Record<string, unknown>): Promise<string>
  /** a channel created directly through the service (any tenant) */
  channelIn(scope: TenantScope, body: Record<string, unknown>): Promise<string>
  /** queues a message the way the alert engine does (a synthetic alert) */
  queue(
    scope: TenantScope,
    channelId: string,
    opts?: { alertId?: string; event?: string },
  ): Promise<string>
  outbox(id: string): Promise<{
    state: string
    attempts: number
    next_attempt_at: number
    last_error: string | null
    digest_id: string | null
  }>
}

export const SECRET = 'whsec-0123456789abcdef'

export async function createNotifyHarness(
  notify: { floodLimit?: number; timeoutMs?: number } = {},
): Promise<NotifyHarness> {
  const h = await createAlertHarness()
  const rx = await startReceiver()
  const config = {
    ...h.deps.config,
    notify: { floodLimit: notify.floodLimit ?? 10, timeoutMs: notify.timeoutMs ?? 2000 },
  }
  const dispatcher = new NotificationDispatcher({ ...h.deps, clock: h.clock, config })
  const admin = await h.admin()
  const closeAlerts = h.close
  const ctxOf = (scope: TenantScope): ChannelsCtx => ({
    deps: { ...h.deps, config },
    scope,
    actor: { kind: 'user', id: 'test', name: 'test', ip: null },
  })
  return Object.assign(h, {
    rx,
    dispatcher,
    admin_: admin,
    async webhook(name: string, url = `${rx.url}/hook`, extra: Record<string, unknown> = {}) {
      const res = await admin.request('POST', '/api/v1/channels', {
        json: { type: 'webhook', name, url, secret: SECRET, ...extra },
      })
      if (res.status !== 201)
        throw new Error(`channel not created: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { channel: { id: string } }).channel.id
    },
    async channelIn(scope: TenantScope, body: Record<string, unknown>) {
      return (
        await createChannel(ctxOf(scope), {
          minSeverity: 'info',
          scopeKind: 'tenant',
          enabled: true,
          ...body,
        } as never)
      ).id
    },
    async queue(
      scope: TenantScope,
      channelId: string,
      opts: { alertId?: string; event?: string } = {},
    ) {
      const id = newId()
      const now = h.clock.now()
      const alertId = opts.alertId ?? newId()
      const msg = {
        event: opts.event ?? 'opened',
        tenantId: scope.tenantId,
        at: now,
        alert: {
          id: alertId,
          deviceId: 'dev',
          deviceName: 'edge-router',
          rule: 'CPU',
          kind: 'cpu',
          severity: 'critical',
          state: 'open',
          message: 'CPU load 99 % > 90 %',
          value: 99,
          threshold: 90,
          openedAt: now,
          ackedAt: null,
          ackedBy: null,
          ackNote: null,
          resolvedAt: null,
          url: 'https://outpost.test/devices/dev',
        },
      }
      await scope
        .insertInto('alert_outbox', {
          id,
          channel_id: channelId,
          alert_id: alertId,
          event: msg.event,
          payload_json: JSON.stringify(msg),
          state: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })
        .execute()
      return id
    },
    async outbox(id: string) {
      return h.scope
        .selectFrom('alert_outbox')
        .select(['state', 'attempts', 'next_attempt_at', 'last_error', 'digest_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    },
    async close() {
      await dispatcher.stop()
      await rx.close()
      await closeAlerts()
    },
  })
}
