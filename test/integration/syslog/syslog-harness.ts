// A real syslog receiver (UDP + TCP on loopback) on a fresh database with one tenant and devices
// whose addresses are loopback aliases, so a test can send "from" a device by binding to its address.
import { createSocket } from 'node:dgram'
import { connect, type Socket } from 'node:net'
import { createApp } from '../../../src/app.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { createSyslog, startSyslog, type RunningSyslog } from '../../../src/syslog/index.ts'
import type { SyslogRuntime } from '../../../src/syslog/syslog-runtime.ts'
import type { SyslogIngestOptions } from '../../../src/syslog/syslog-ingest.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { freePort } from '../../support/free-port.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'

export interface SyslogHarness {
  deps: TestDeps
  rt: SyslogRuntime
  running: RunningSyslog
  port: number
  tenantId: TenantId
  scope: TenantScope
  t: TestApp
  addDevice(
    name: string,
    host: string,
    host2?: string | null,
    scope?: TenantScope,
  ): Promise<DeviceId>
  udp(from: string, lines: (string | Buffer)[]): Promise<void>
  tcp(from?: string): Promise<Socket>
  /** waits until the receiver has handled `n` frames (stored or counted) and written its queue */
  settle(n: number): Promise<void>
  lines(deviceId: string): Promise<{ msg: string; severity: number; app: string }[]>
  close(): Promise<void>
}

export async function createSyslogHarness(
  env: Record<string, string> = {},
  extra: Pick<SyslogIngestOptions, 'onStored'> = {},
): Promise<SyslogHarness> {
  const port = await freePort()
  const deps = await createTestDeps({
    env: { OUTPOST_HOST: '127.0.0.1', OUTPOST_SYSLOG_PORT: String(port), ...env },
  })
  const tenantId = newId<TenantId>()
  await deps.db
    .insertInto('tenants')
    .values({ id: tenantId, name: `syslog-${tenantId}`, created_at: deps.clock.now() })
    .execute()
  const scope = forTenant(deps.kysely, tenantId)
  const rt = createSyslog(deps, extra)
  const running = await startSyslog(rt, deps)
  const app = createApp(deps, { syslog: rt })
  let ip = 1
  const t: TestApp = {
    app,
    deps,
    agent: (addr) => new TestAgent(app, deps, addr ?? `10.72.0.${ip++}`),
    close: () => deps.close(),
  }
  const sockets: Socket[] = []
  return {
    deps,
    rt,
    running,
    port,
    tenantId,
    scope,
    t,
    async addDevice(name, host, host2 = null, s = scope) {
      const id = newId<DeviceId>()
      await s
        .insertInto('devices', {
          id,
          name,
          host,
          host2,
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
          version: '7.19.1',
          serial: null,
          last_error: null,
          last_seen_at: null,
          last_polled_at: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute()
      await rt.ingest.refresh()
      return id
    },
    async udp(from, lines) {
      const sock = createSocket('udp4')
      await new Promise<void>((r) => sock.bind(0, from, () => r()))
      for (const l of lines)
        await new Promise<void>((r) =>
          sock.send(typeof l === 'string' ? Buffer.from(l) : l, port, '127.0.0.1', () => r()),
        )
      await new Promise<void>((r) => sock.close(() => r()))
    },
    async tcp(from) {
      const sock = connect({ host: '127.0.0.1', port, ...(from ? { localAddress: from } : {}) })
      sockets.push(sock)
      await new Promise<void>((r, j) => sock.once('connect', () => r()).once('error', j))
      return sock
    },
    async settle(n) {
      const deadline = Date.now() + 20_000
      while (rt.ingest.counters.received < n || rt.ingest.queued > 0) {
        if (Date.now() > deadline)
          throw new Error(`receiver saw ${rt.ingest.counters.received} of ${n} frames`)
        await new Promise((r) => setTimeout(r, 20))
      }
      await rt.ingest.drain()
    },
    lines: (deviceId) =>
      scope
        .selectFrom('device_logs')
        .select(['msg', 'severity', 'app'])
        .where('device_id', '=', deviceId as DeviceId)
        .orderBy('id')
        .execute(),
    async close() {
      for (const s of sockets) s.destroy()
      await running.stop()
      await deps.close()
    },
  }
}
