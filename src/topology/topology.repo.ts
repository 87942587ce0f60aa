// What the topology and the site map read: the tenant's devices, sites with their coordinates,
// and the poller's neighbour, interface and address snapshots, each in one query.
import type { SiteId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

const LIMIT = 100_000

export function listTopologyDevices(scope: TenantScope) {
  return scope
    .selectFrom('devices')
    .select([
      'id',
      'name',
      'identity',
      'host',
      'site_id',
      'last_status',
      'board',
      'latitude',
      'longitude',
    ])
    .orderBy('name')
    .limit(LIMIT)
    .execute()
}

export function listSitesWithLocation(scope: TenantScope) {
  return scope
    .selectFrom('sites')
    .leftJoin('site_locations as loc', (j) =>
      j.onRef('loc.site_id', '=', 'sites.id').onRef('loc.tenant_id', '=', 'sites.tenant_id'),
    )
    .select(['sites.id', 'sites.name', 'loc.latitude', 'loc.longitude'])
    .orderBy('sites.name')
    .limit(LIMIT)
    .execute()
}

/** The neighbour, interface and address snapshots of every device (raw JSON, parsed by the caller). */
export function listLinkSnapshots(scope: TenantScope) {
  return scope
    .selectFrom('device_snapshots')
    .select(['device_id', 'kind', 'data_json'])
    .where('kind', 'in', ['neighbours', 'interfaces', 'addresses'])
    .limit(LIMIT * 3)
    .execute()
}

export async function siteExists(scope: TenantScope, siteId: SiteId): Promise<boolean> {
  const row = await scope
    .selectFrom('sites')
    .select('id')
    .where('id', '=', siteId)
    .executeTakeFirst()
  return row !== undefined
}

export async function upsertSiteLocation(
  scope: TenantScope,
  siteId: SiteId,
  latitude: number,
  longitude: number,
  now: number,
): Promise<void> {
  await scope
    .insertInto('site_locations', { site_id: siteId, latitude, longitude, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'site_id']).doUpdateSet({ latitude, longitude, updated_at: now }),
    )
    .execute()
}

export async function deleteSiteLocation(scope: TenantScope, siteId: SiteId): Promise<void> {
  await scope.deleteFrom('site_locations').where('site_id', '=', siteId).execute()
}

export type TopologyDeviceRow = Awaited<ReturnType<typeof listTopologyDevices>>[number]
