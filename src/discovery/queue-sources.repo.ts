// Reads the adoption queue needs from other domains' tables (read only): the tenant's devices,
// to say what is already managed, and the neighbour tables the poller stored.
import type { TenantScope } from '../db/tenant-scope.ts'

export interface ManagedDevice {
  id: string
  name: string
  host: string
  host2: string | null
}

export function listManagedDevices(scope: TenantScope): Promise<ManagedDevice[]> {
  return scope
    .selectFrom('devices')
    .select(['id', 'name', 'host', 'host2'])
    .limit(100_000)
    .execute()
}

export interface NeighbourSnapshot {
  deviceName: string
  dataJson: string
  updatedAt: number
}

export async function listNeighbourSnapshots(
  scope: TenantScope,
  devices: readonly ManagedDevice[],
): Promise<NeighbourSnapshot[]> {
  const names = new Map(devices.map((d) => [d.id, d.name]))
  const rows = await scope
    .selectFrom('device_snapshots')
    .select(['device_id', 'data_json', 'updated_at'])
    .where('kind', '=', 'neighbours')
    .limit(100_000)
    .execute()
  return rows.map((r) => ({
    deviceName: names.get(r.device_id) ?? 'a removed device',
    dataJson: r.data_json,
    updatedAt: r.updated_at,
  }))
}
