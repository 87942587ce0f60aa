// Two real Outpost appliances for the edge tests (issue 20): a central one with HTTPS on a free
// loopback port, an edge one, each with its own data directory and SQLite file, and simulated
// routers on loopback for the edge to poll.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant, type TenantScope } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { ApiServer } from '../../../src/sim/api/api-server.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startOutpost, type RunningOutpost } from '../../../src/startup.ts'

const quiet = new Writable({ write: (_c, _e, done) => done() })
const dirs: string[] = []

export function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'outpost-edge-'))
  dirs.push(d)
  return d
}

export function removeDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

/** The central appliance: HTTPS on `httpsPort` (the same port again after a restart). */
export function startCentral(dataDir: string, httpsPort: number): Promise<RunningOutpost> {
  return startOutpost(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_HTTPS_PORT: String(httpsPort),
    },
    { logDestination: quiet, initialAdmin: false },
  )
}

/** The edge appliance, with a quick forwarder so the tests do not wait for minutes. */
export function startEdge(dataDir: string): Promise<RunningOutpost> {
  return startOutpost(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
    },
    {
      logDestination: quiet,
      initialAdmin: false,
      edge: { intervalMs: 200, backoffBaseMs: 100, backoffMaxMs: 400, batchEntries: 5 },
    },
  )
}

export async function makeTenant(o: RunningOutpost, name: string): Promise<TenantScope> {
  const id = newId<TenantId>()
  await o.deps.db.insertInto('tenants').values({ id, name, created_at: Date.now() }).execute()
  return forTenant(o.deps.kysely, id)
}

export interface Sim {
  router: SimRouter
  server: ApiServer
}

export async function startSim(name: string): Promise<Sim> {
  const router = new SimRouter({ name, rebootDelayMs: 3000 })
  const server = new ApiServer({ device: router, host: '127.0.0.1', port: 0 })
  await server.start()
  return { router, server }
}

/** A device of the edge's tenant pointing at a simulator, polled every second. */
export async function addDevice(
  o: RunningOutpost,
  scope: TenantScope,
  sim: Sim,
): Promise<DeviceId> {
  const id = newId<DeviceId>()
  const key = await dataKeyFor(o.deps, scope)
  const endpoint = endpointWithDefaults({
    host: '127.0.0.1',
    host2: null,
    api_port: sim.server.port,
  })
  const sealed = sealCredentials(
    key,
    scope.tenantId,
    id,
    { username: 'admin', password: '' },
    endpoint,
  )
  const now = Date.now()
  await scope
    .insertInto('devices', {
      id,
      name: sim.router.name,
      host: '127.0.0.1',
      host2: null,
      api_port: sim.server.port,
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
      created_at: now,
      updated_at: now,
      poll_interval_s: 1,
      ...sealed,
    })
    .execute()
  return id
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
