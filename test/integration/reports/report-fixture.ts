// A tenant with real devices (added through the devices service), sites, status history recorded
// by the real ReportJobs from poller events, and a metrics store, for the reports tests.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../../src/app.ts'
import type { DeviceId, DeviceStatus } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { createLabel } from '../../../src/labels/index.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import {
  openMetricsStore,
  SqliteMetricsBackend,
  type MetricsStore,
} from '../../../src/metrics/index.ts'
import { EventBus } from '../../../src/poller/index.ts'
import { ReportJobs } from '../../../src/reports/index.ts'
import type { TestDeps } from '../../support/db.ts'
import { createTestDeps } from '../../support/db.ts'
import { makeTenant } from '../../support/login.ts'
import { TestAgent } from '../../support/test-app.ts'

export const DAY = 86_400_000
export const HOUR = 3_600_000

export interface ReportWorld {
  deps: TestDeps
  tenantId: TenantId
  scope: TenantScope
  bus: EventBus
  jobs: ReportJobs
  metrics: MetricsStore
  app: ReturnType<typeof createApp>
  agent(ip?: string): TestAgent
  addDevice(name: string, siteId: string | null): Promise<DeviceId>
  addSite(name: string): Promise<string>
  /** what the poller publishes when a device's status changes */
  status(deviceId: DeviceId, at: number, to: DeviceStatus): void
  close(): Promise<void>
}

/** The clock starts on 1 Oct 2026 (devices added now exist all of November); tests move it. */
export async function createReportWorld(): Promise<ReportWorld> {
  const deps = await createTestDeps()
  deps.clock.set(Date.UTC(2026, 9, 1))
  const tenant = await makeTenant(deps, 'Acme Networks')
  const scope = forTenant(deps.kysely, tenant.id)
  const bus = new EventBus()
  const metrics = openMetricsStore(join(mkdtempSync(join(tmpdir(), 'outpost-rep-')), 'samples.db'))
  const backend = new SqliteMetricsBackend(metrics)
  const jobs = new ReportJobs(deps, backend)
  await jobs.start(bus, { noCron: true })
  const app = createApp(deps, { live: { latestOf: () => [], metrics: backend, bus } })
  const actor = { kind: 'user' as const, id: 'fixture', name: 'fixture', ip: null }
  const ctx = { deps, scope, actor }
  let ip = 1
  const prev: Record<string, DeviceStatus> = {}
  return {
    deps,
    tenantId: tenant.id,
    scope,
    bus,
    jobs,
    metrics,
    app,
    agent: (addr) => new TestAgent(app, deps, addr ?? `10.9.0.${ip++}`),
    async addDevice(name, siteId) {
      const input = deviceCreateSchema.parse({
        name,
        host: '127.0.0.1',
        api_port: '1',
        ssh_port: '1',
        username: 'report',
        password: 'report-secret',
        is_enabled: 'false',
        site_id: siteId ?? '',
      })
      const r = await addDevice(ctx, input, { check: false, saveAnyway: false })
      if (!r.ok) throw new Error('device seed failed')
      return r.device.id as DeviceId
    },
    addSite: (name) => createLabel(ctx, 'sites', { name, description: '' }),
    status(deviceId, at, to) {
      bus.emit('device.status_changed', {
        tenantId: tenant.id,
        deviceId,
        from: prev[deviceId] ?? 'unknown',
        to,
        at,
      })
      prev[deviceId] = to
    },
    async close() {
      await jobs.stop()
      metrics.close()
      await deps.close()
    },
  }
}
