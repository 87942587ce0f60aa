// Alerts on top of the poller harness: the real engine on the harness's bus, the real app (pages
// and /api/v1) with that bus as its live source, and helpers to feed poll results.
import { AlertEngine } from '../../../src/alerts/index.ts'
import { createApp } from '../../../src/app.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import type { MetricPoint } from '../../../src/metrics/metric-names.ts'
import { createHarness, type Harness } from '../poller/poller-harness.ts'
import { loginAs } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'

export interface AlertHarness extends Harness {
  engine: AlertEngine
  t: TestApp
  /** publishes a poll result of a device, as the poller does, and waits for the engine */
  feed(deviceId: string, points: MetricPoint[], status?: 'online' | 'offline'): Promise<void>
  alerts(
    deviceId?: string,
  ): Promise<
    { id: string; kind: string; state: string; value: number | null; is_silenced: number }[]
  >
  admin(): Promise<TestAgent>
}

export async function createAlertHarness(): Promise<AlertHarness> {
  const h = await createHarness()
  const engine = new AlertEngine({
    kysely: h.deps.kysely,
    log: h.deps.log,
    clock: h.clock,
    bus: h.bus,
    publicUrl: 'https://outpost.test',
  })
  engine.start()
  const app = createApp(h.deps, { live: { latestOf: () => [], metrics: h.backend, bus: h.bus } })
  let ip = 1
  // Object.assign below replaces h.close: keep the harness's own
  const closeHarness = h.close
  const t: TestApp = {
    app,
    deps: h.deps,
    agent: (addr) => new TestAgent(app, h.deps, addr ?? `10.71.0.${ip++}`),
    close: closeHarness,
  }
  return Object.assign(h, {
    engine,
    t,
    async feed(deviceId: string, points: MetricPoint[], status: 'online' | 'offline' = 'online') {
      h.bus.emit('device.polled', {
        tenantId: h.tenantId,
        deviceId,
        status,
        at: h.clock.now(),
        durationMs: 5,
        points,
      })
      await engine.idle()
    },
    async alerts(deviceId?: string) {
      let q = h.scope
        .selectFrom('alerts')
        .select(['id', 'kind', 'state', 'value', 'is_silenced'])
        .orderBy('opened_at')
        .orderBy('id')
      if (deviceId !== undefined) q = q.where('device_id', '=', deviceId as DeviceId)
      return q.execute()
    },
    admin: () => loginAs(t, 'admin', h.tenantId as TenantId),
    async close() {
      await engine.stop()
      await closeHarness()
    },
  })
}
