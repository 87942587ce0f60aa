// The real app served on a loopback port (a simulated router's /tool fetch needs a real URL),
// tenants A and B with an admin each, and helpers to add a device and read back its row.
import { serve, type ServerType } from '@hono/node-server'
import { createApp } from '../../../src/app.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import type { TenantId } from '../../../src/lib/ids.ts'
import { createTestDeps, type TestDeps } from '../../support/db.ts'
import { freePort } from '../../support/free-port.ts'
import { loginAs, makeTenant } from '../../support/login.ts'
import { TestAgent, type TestApp } from '../../support/test-app.ts'
import { auditRows } from '../../support/audit.ts'

export interface OverlayHarness {
  deps: TestDeps
  url: string
  tenantA: TenantId
  tenantB: TenantId
  adminA: TestAgent
  adminB: TestAgent
  operatorA: TestAgent
  addDevice(name: string, agent?: TestAgent): Promise<string>
  device(
    id: string,
    tenant?: TenantId,
  ): Promise<{ host: string; host2: string | null; updated_at: number }>
  audit(
    action: string,
  ): Promise<{ outcome: string; tenant_id: string | null; details_json: string }[]>
  close(): Promise<void>
}

export async function createOverlayHarness(
  env: Record<string, string> = {},
): Promise<OverlayHarness> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const deps = await createTestDeps({
    env: { OUTPOST_PUBLIC_URL: url, OUTPOST_OVERLAY_ENDPOINT: 'vpn.example.net', ...env },
  })
  const app = createApp(deps)
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ok(s))
  })
  let ip = 1
  const t: TestApp = {
    app,
    deps,
    agent: (addr) => new TestAgent(app, deps, addr ?? `10.71.0.${ip++}`),
    close: () => deps.close(),
  }
  const a = await makeTenant(deps, 'Overlay A')
  const b = await makeTenant(deps, 'Overlay B')
  const adminA = await loginAs(t, 'admin', a.id)
  const adminB = await loginAs(t, 'admin', b.id)
  const operatorA = await loginAs(t, 'operator', a.id)
  return {
    deps,
    url,
    tenantA: a.id,
    tenantB: b.id,
    adminA,
    adminB,
    operatorA,
    async addDevice(name, agent = adminA) {
      const res = await agent.request('POST', '/api/v1/devices', {
        json: [{ name, host: '127.0.0.1', apiPort: 1, username: 'admin', password: 'pw-' + name }],
      })
      if (res.status !== 201) throw new Error(`add device: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { devices: { id: string }[] }).devices[0]?.id ?? ''
    },
    async device(id, tenant = a.id) {
      return forTenant(deps.kysely, tenant)
        .selectFrom('devices')
        .select(['host', 'host2', 'updated_at'])
        .where('id', '=', id as DeviceId)
        .executeTakeFirstOrThrow()
    },
    async audit(action) {
      return auditRows(deps, (q) => q.where('action', '=', action).orderBy('seq'))
    },
    async close() {
      await new Promise((ok) => server.close(() => ok(undefined)))
      await deps.close()
    },
  }
}
