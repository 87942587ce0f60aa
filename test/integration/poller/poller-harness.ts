// Test harness for the poller: a real database (createTestDeps), simulated routers on real
// loopback sockets, and a device runtime polled on the simulators' manual clock.
import { ApiServer } from '../../../src/sim/api/api-server.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  openCredentials,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { EventBus } from '../../../src/poller/event-bus.ts'
import { DeviceRuntime } from '../../../src/poller/device-runtime.ts'
import { pollDevice, type PollDeviceDeps } from '../../../src/poller/poll-device.ts'
import { connect } from '../../../src/routeros/connect.ts'
import { openMetricsStore, type MetricsStore } from '../../../src/metrics/metrics-store.ts'
import { SqliteMetricsBackend } from '../../../src/metrics/metrics-backend.ts'
import { join } from 'node:path'
import { createTestDeps, type TestDeps, type TestDepsOptions } from '../../support/db.ts'

export interface Sim {
  router: SimRouter
  server: ApiServer
}

export async function startSim(
  clock: ManualClock | undefined,
  name: string,
  persona?: string,
): Promise<Sim> {
  const router = new SimRouter({
    name,
    rebootDelayMs: 5000,
    ...(clock ? { clock } : {}),
    ...(persona ? { persona } : {}),
  })
  const server = new ApiServer({ device: router, host: '127.0.0.1', port: 0 })
  await server.start()
  return { router, server }
}

export interface Harness {
  deps: TestDeps
  clock: ManualClock
  /** the SQLite store, read synchronously by tests */
  metrics: MetricsStore
  /** the same store as the app and the poller use it (MetricsBackend) */
  backend: SqliteMetricsBackend
  bus: EventBus
  tenantId: TenantId
  scope: TenantScope
  jobDeps: PollDeviceDeps
  sims: Sim[]
  sim(name: string, persona?: string, opts?: { realTime?: boolean }): Promise<Sim>
  addDevice(
    sim: Sim,
    opts?: { password?: string; host?: string; host2?: string; port?: number; intervalS?: number },
  ): Promise<DeviceRuntime>
  setCredentials(rt: DeviceRuntime, username: string, password: string): Promise<void>
  poll(rt: DeviceRuntime): Promise<boolean>
  close(): Promise<void>
}

export async function createHarness(options: TestDepsOptions = {}): Promise<Harness> {
  const clock = new ManualClock(Date.UTC(2026, 10, 1, 12))
  const deps = await createTestDeps(options)
  const metrics = openMetricsStore(join(deps.dir, 'samples.db'))
  const backend = new SqliteMetricsBackend(metrics)
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: `t-${tenantId}`, created_at: clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const bus = new EventBus()
  const keyDeps = { secrets: deps.secrets, clock }
  const jobDeps: PollDeviceDeps = {
    log: deps.log,
    now: () => clock.now(),
    metrics: backend,
    bus,
    credentials: (s, d) => openCredentials(keyDeps, s, d),
    connectTimeoutMs: 2000,
    commandTimeoutMs: 2000,
  }
  const sims: Sim[] = []
  const runtimes: DeviceRuntime[] = []
  const h: Harness = {
    deps,
    clock,
    metrics,
    backend,
    bus,
    tenantId,
    scope,
    jobDeps,
    sims,
    async sim(name, persona, o = {}) {
      const s = await startSim(o.realTime === true ? undefined : clock, name, persona)
      sims.push(s)
      return s
    },
    async addDevice(sim, opts = {}) {
      const id = newId<DeviceId>()
      const key = await dataKeyFor(keyDeps, scope)
      const endpoint = endpointWithDefaults({
        host: opts.host ?? '127.0.0.1',
        host2: opts.host2 ?? null,
        api_port: opts.port ?? sim.server.port,
      })
      const sealed = sealCredentials(
        key,
        tenantId,
        id,
        { username: 'admin', password: opts.password ?? '' },
        endpoint,
      )
      await scope
        .insertInto('devices', {
          id,
          name: sim.router.name,
          host: opts.host ?? '127.0.0.1',
          host2: opts.host2 ?? null,
          api_port: opts.port ?? sim.server.port,
          tls_fingerprint: null,
          tls_ca_pem: null,
          ssh_host_key: null,
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
          created_at: clock.now(),
          updated_at: clock.now(),
          ...sealed,
          ...(opts.intervalS !== undefined ? { poll_interval_s: opts.intervalS } : {}),
        })
        .execute()
      const rt = new DeviceRuntime(tenantId, id, clock.now(), 'unknown', connect)
      runtimes.push(rt)
      return rt
    },
    async setCredentials(rt, username, password) {
      const key = await dataKeyFor(keyDeps, scope)
      const row = await deviceRow(h, rt)
      const sealed = sealCredentials(key, tenantId, rt.deviceId, { username, password }, row)
      await scope
        .updateTable('devices')
        .set({ ...sealed, updated_at: clock.now() })
        .where('id', '=', rt.deviceId as DeviceId)
        .execute()
      rt.settingsVersion = clock.now()
    },
    poll: (rt) => pollDevice(jobDeps, rt, scope),
    async close() {
      await Promise.all(runtimes.map((rt) => rt.connection.drop()))
      await Promise.all(sims.map((s) => s.server.close()))
      metrics.close()
      await deps.close()
    },
  }
  return h
}

export async function deviceRow(h: Harness, rt: DeviceRuntime) {
  return h.scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', rt.deviceId as DeviceId)
    .executeTakeFirstOrThrow()
}

export async function eventKinds(h: Harness, rt: DeviceRuntime): Promise<string[]> {
  const rows = await h.scope
    .selectFrom('device_events')
    .select(['kind', 'at', 'id'])
    .where('device_id', '=', rt.deviceId as DeviceId)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.kind)
}
