// Queries of the appliance-wide discovery tables: the ranges tenants own and the MNDP sightings.
// These are global (the overlap check must see every tenant's ranges), so every read that feeds
// a tenant's page filters by owner here, and none returns another tenant's id or range text.
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { DiscoveryRangesTable, DiscoverySightingsTable } from '../db/schema-discovery.ts'
import type { TenantId } from '../lib/ids.ts'

export type RangeRow = Selectable<DiscoveryRangesTable>
export type SightingRow = Selectable<DiscoverySightingsTable>

/** Whether any range of another tenant overlaps first..last (yes or no: nothing more leaks). */
export async function rangeTakenByOther(
  db: GlobalDb,
  tenantId: TenantId,
  first: number,
  last: number,
): Promise<boolean> {
  const hit = await db
    .selectFrom('discovery_ranges')
    .select('id')
    .where('owner_tenant_id', '!=', tenantId)
    .where('first_ip', '<=', last)
    .where('last_ip', '>=', first)
    .limit(1)
    .executeTakeFirst()
  return hit !== undefined
}

export function listOwnRanges(db: GlobalDb, tenantId: TenantId): Promise<RangeRow[]> {
  return db
    .selectFrom('discovery_ranges')
    .selectAll()
    .where('owner_tenant_id', '=', tenantId)
    .orderBy('first_ip')
    .limit(1000)
    .execute()
}

export function insertRange(db: GlobalDb, row: RangeRow): Promise<unknown> {
  return db
    .insertInto('discovery_ranges')
    .values(row)
    .onConflict((oc) => oc.columns(['owner_tenant_id', 'cidr']).doNothing())
    .execute()
}

export function deleteOwnRange(db: GlobalDb, tenantId: TenantId, id: string) {
  return db
    .deleteFrom('discovery_ranges')
    .where('owner_tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Sightings whose sender lies in one of the tenant's ranges. */
export function listSightingsInRanges(db: GlobalDb, tenantId: TenantId): Promise<SightingRow[]> {
  return db
    .selectFrom('discovery_sightings as s')
    .selectAll('s')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('discovery_ranges as r')
          .select('r.id')
          .where('r.owner_tenant_id', '=', tenantId)
          .whereRef('r.first_ip', '<=', 's.address_int')
          .whereRef('r.last_ip', '>=', 's.address_int'),
      ),
    )
    .orderBy('s.last_seen_at', 'desc')
    .limit(5000)
    .execute()
}

export function upsertSighting(db: GlobalDb, row: SightingRow): Promise<unknown> {
  const { id: _id, first_seen_at: _first, ...latest } = row
  return db
    .insertInto('discovery_sightings')
    .values(row)
    .onConflict((oc) => oc.columns(['mac', 'address']).doUpdateSet(latest))
    .execute()
}

/** Old sightings go: a router not heard for a week has moved or gone. */
export function deleteSightingsBefore(db: GlobalDb, before: number): Promise<unknown> {
  return db.deleteFrom('discovery_sightings').where('last_seen_at', '<', before).execute()
}
