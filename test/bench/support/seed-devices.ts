// Adds simulated routers to a tenant straight into the database, credentials sealed with the
// tenant's data key exactly as the app seals them (the API adds a few thousand devices too slowly
// for a benchmark or a test on a loaded machine). Used by cluster-failover and the cluster-kill spec.
import type { Kysely } from 'kysely'
import type { Database } from '../../../src/db/schema.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import {
  dataKeyFor,
  endpointWithDefaults,
  sealCredentials,
} from '../../../src/device-access/index.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { systemClock } from '../../../src/lib/time.ts'

export interface SeedRouter {
  name: string
  host: string
  apiPort: number
}

/** Inserts one device per router (user admin, empty password); returns their ids in order. */
export async function seedDevices(
  kysely: Kysely<Database>,
  masterKey: Buffer,
  tenantId: TenantId,
  routers: readonly SeedRouter[],
  intervalS: number,
): Promise<string[]> {
  const scope = forTenant(kysely, tenantId)
  const keyDeps = { secrets: { masterKey, tokenKey: Buffer.alloc(32, 1) }, clock: systemClock }
  const key = await dataKeyFor(keyDeps, scope)
  const rows = routers.map(({ name, host, apiPort: port }) => {
    const id = newId<DeviceId>()
    return {
      id,
      name,
      host,
      host2: null,
      api_port: port,
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
      created_at: Date.now(),
      updated_at: Date.now(),
      last_status: 'unknown' as const,
      poll_interval_s: intervalS,
      ...sealCredentials(
        key,
        tenantId,
        id,
        { username: 'admin', password: '' },
        endpointWithDefaults({ host, api_port: port }),
      ),
    }
  })
  await scope.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx.insertInto('devices', rows.slice(i, i + 500)).execute()
  })
  return rows.map((r) => r.id)
}
