import type { DeviceStatus } from '../db/schema-devices.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'

/** Tenants that are not disabled (a disabled tenant's devices are not scraped). */
export async function listActiveTenants(db: GlobalDb): Promise<{ id: TenantId; name: string }[]> {
  return db
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('is_disabled', '=', 0)
    .orderBy('name')
    .execute()
}

export interface DeviceGaugeRow {
  id: string
  name: string
  last_status: DeviceStatus
  last_polled_at: number | null
  last_seen_at: number | null
}

/** The enabled devices of a tenant with their poll state. */
export async function listEnabledDevices(scope: TenantScope): Promise<DeviceGaugeRow[]> {
  return scope
    .selectFrom('devices')
    .select(['id', 'name', 'last_status', 'last_polled_at', 'last_seen_at'])
    .where('is_enabled', '=', 1)
    .execute()
}

/** Every enabled device's latest resource snapshot (uptime at the time it was written). */
export async function listResourceSnapshots(
  scope: TenantScope,
): Promise<{ device_id: string; data_json: string; updated_at: number }[]> {
  return scope
    .selectFrom('device_snapshots')
    .select(['device_id', 'data_json', 'updated_at'])
    .where('kind', '=', 'resource')
    .execute()
}
