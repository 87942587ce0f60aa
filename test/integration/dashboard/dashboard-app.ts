// The whole app with live sources (as startup.ts wires them): a metrics store in the test's data
// directory and the poller's "latest values" as a plain map, plus seeding helpers for devices in
// a given state, their events, snapshots and samples.
import { join } from 'node:path'
import { createApp } from '../../../src/app.ts'
import type { LiveSources } from '../../../src/dashboard/live-sources.ts'
import type { DeviceId, DeviceStatus } from '../../../src/db/schema-devices.ts'
import type { DeviceSnapshotKind } from '../../../src/db/schema-poller.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import type { MetricPoint } from '../../../src/metrics/metric-names.ts'
import { openMetricsStore, type MetricsStore } from '../../../src/metrics/metrics-store.ts'
import { SqliteMetricsBackend } from '../../../src/metrics/metrics-backend.ts'
import type { LatestValues } from '../../../src/poller/device-runtime.ts'
import { insertDeviceEvents, upsertSnapshot } from '../../../src/poller/poller.repo.ts'
import { createTestDeps, type TestDepsOptions } from '../../support/db.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'

export interface DashboardTestApp extends TestApp {
  metrics: MetricsStore
  latest: Map<string, { tenantId: string; latest: LatestValues }>
}

let ip = 1

export async function createDashboardApp(options: TestDepsOptions = {}): Promise<DashboardTestApp> {
  const deps = await createTestDeps(options)
  const metrics = openMetricsStore(join(deps.dir, 'samples.db'))
  const latest = new Map<string, { tenantId: string; latest: LatestValues }>()
  const live: LiveSources = {
    latestOf: (tenantId) =>
      [...latest]
        .filter(([, v]) => v.tenantId === tenantId)
        .map(([deviceId, v]) => ({ deviceId, latest: v.latest })),
    metrics: new SqliteMetricsBackend(metrics),
  }
  const app = createApp(deps, { live })
  return {
    app,
    deps,
    metrics,
    latest,
    agent: (addr) =>
      new TestAgent(app, deps, addr ?? `10.44.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`),
    close: async () => {
      metrics.close()
      await deps.close()
    },
  }
}

export interface SeedDevice {
  name: string
  status?: DeviceStatus
  enabled?: boolean
  lastError?: string
}

/** Adds a device (no live check) and puts it in the given poll state. */
export async function seedDevice(t: TestApp, tenantId: TenantId, d: SeedDevice): Promise<DeviceId> {
  const scope = forTenant(t.deps.kysely, tenantId)
  const input = deviceCreateSchema.parse({
    name: d.name,
    host: '127.0.0.1',
    api_port: '1',
    username: 'admin',
    password: 'secret-pw',
    is_enabled: d.enabled === false ? 'false' : 'true',
  })
  const actor = { kind: 'user' as const, id: 'seed', name: 'seed', ip: null }
  const r = await addDevice({ deps: t.deps, scope, actor }, input, {
    check: false,
    saveAnyway: false,
  })
  if (!r.ok) throw new Error('seed failed')
  const now = t.deps.clock.now()
  const seen = d.status === 'online' || d.status === 'degraded'
  await scope
    .updateTable('devices')
    .set({
      last_status: d.status ?? 'unknown',
      last_error: d.lastError ?? null,
      last_polled_at: now,
      last_seen_at: seen ? now : null,
    })
    .where('id', '=', r.device.id)
    .execute()
  return r.device.id
}

export async function seedEvent(
  t: TestApp,
  tenantId: TenantId,
  deviceId: string,
  kind: 'came_online' | 'went_offline' | 'rebooted',
  message: string,
) {
  await insertDeviceEvents(
    forTenant(t.deps.kysely, tenantId),
    deviceId,
    [{ kind, message }],
    t.deps.clock.now(),
  )
}

export async function seedSnapshot(
  t: TestApp,
  tenantId: TenantId,
  deviceId: string,
  kind: DeviceSnapshotKind,
  data: unknown,
) {
  await upsertSnapshot(
    forTenant(t.deps.kysely, tenantId),
    deviceId,
    kind,
    JSON.stringify(data),
    t.deps.clock.now(),
  )
}

/** Samples every `stepMs` over the last `spanMs` (value from `f(i)`), flushed to samples.db. */
export function seedSamples(
  t: DashboardTestApp,
  ids: { tenantId: string; deviceId: string },
  points: (i: number) => MetricPoint[],
  count: number,
  stepMs = 60_000,
): void {
  const now = t.deps.clock.now()
  for (let i = 0; i < count; i++) {
    t.metrics.record(ids.tenantId, ids.deviceId, now - (count - 1 - i) * stepMs, points(i))
  }
  t.metrics.flush(now)
}
