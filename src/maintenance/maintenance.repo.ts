// Queries of maintenance windows. Each takes a TenantScope (tenant tables) or the GlobalDb (the
// tenant's time zone lives on the tenants row).
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { MaintenanceWindowsTable } from '../db/schema-maintenance-syslog.ts'
import type { SiteId, TagId, DeviceId } from '../db/schema-devices.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'
import type { TenantId } from '../lib/ids.ts'

export type WindowRow = Selectable<MaintenanceWindowsTable>

export function listWindows(scope: TenantScope): Promise<WindowRow[]> {
  return scope
    .selectFrom('maintenance_windows')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(1000)
    .execute()
}

export function findWindow(scope: TenantScope, id: string): Promise<WindowRow | undefined> {
  return scope.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertWindow(
  scope: TenantScope,
  row: NewRow<'maintenance_windows'>,
): Promise<void> {
  await scope.insertInto('maintenance_windows', row).execute()
}

export async function updateWindow(
  scope: TenantScope,
  id: string,
  patch: Partial<NewRow<'maintenance_windows'>>,
): Promise<void> {
  await scope.updateTable('maintenance_windows').set(patch).where('id', '=', id).execute()
}

export async function deleteWindow(scope: TenantScope, id: string): Promise<void> {
  await scope.deleteFrom('maintenance_windows').where('id', '=', id).execute()
}

export async function tenantTimeZone(db: GlobalDb, tenantId: TenantId): Promise<string> {
  const r = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirst()
  return r?.time_zone ?? 'UTC'
}

export async function setTenantTimeZone(
  db: GlobalDb,
  tenantId: TenantId,
  tz: string,
): Promise<void> {
  await db.updateTable('tenants').set({ time_zone: tz }).where('id', '=', tenantId).execute()
}

export function allTenantZones(db: GlobalDb): Promise<{ id: TenantId; time_zone: string }[]> {
  return db.selectFrom('tenants').select(['id', 'time_zone']).limit(1_000_000).execute()
}

/** Names of the scope targets, to show and to check that an id is this tenant's. */
export async function scopeNames(
  scope: TenantScope,
): Promise<{ kind: 'site' | 'tag' | 'device'; id: string; name: string }[]> {
  const [sites, tags, devices] = await Promise.all([
    scope.selectFrom('sites').select(['id', 'name']).orderBy('name').limit(10_000).execute(),
    scope.selectFrom('tags').select(['id', 'name']).orderBy('name').limit(10_000).execute(),
    scope.selectFrom('devices').select(['id', 'name']).orderBy('name').limit(100_000).execute(),
  ])
  return [
    ...sites.map((s) => ({ kind: 'site' as const, id: s.id, name: s.name })),
    ...tags.map((t) => ({ kind: 'tag' as const, id: t.id, name: t.name })),
    ...devices.map((d) => ({ kind: 'device' as const, id: d.id, name: d.name })),
  ]
}

export async function scopeTargetExists(
  scope: TenantScope,
  kind: 'site' | 'tag' | 'device',
  id: string,
): Promise<boolean> {
  const row =
    kind === 'site'
      ? await scope
          .selectFrom('sites')
          .select('id')
          .where('id', '=', id as SiteId)
          .executeTakeFirst()
      : kind === 'tag'
        ? await scope
            .selectFrom('tags')
            .select('id')
            .where('id', '=', id as TagId)
            .executeTakeFirst()
        : await scope
            .selectFrom('devices')
            .select('id')
            .where('id', '=', id as DeviceId)
            .executeTakeFirst()
  return row !== undefined
}

/** Open alerts recorded inside a window (not notified yet). */
export function silencedOpenAlerts(scope: TenantScope, limit: number) {
  return scope
    .selectFrom('alerts')
    .selectAll()
    .where('is_silenced', '=', 1)
    .where('state', '=', 'open')
    .orderBy('opened_at')
    .limit(limit)
    .execute()
}

/** Site and tags of some devices. */
export async function devicePlacesOf(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Map<string, { siteId: string | null; tagIds: string[] }>> {
  const out = new Map<string, { siteId: string | null; tagIds: string[] }>()
  const list = ids.slice(0, 5000) as DeviceId[]
  if (list.length === 0) return out
  const devices = await scope
    .selectFrom('devices')
    .select(['id', 'site_id'])
    .where('id', 'in', list)
    .execute()
  for (const d of devices) out.set(d.id, { siteId: d.site_id, tagIds: [] })
  const tags = await scope
    .selectFrom('device_tags')
    .select(['device_id', 'tag_id'])
    .where('device_id', 'in', list)
    .limit(100_000)
    .execute()
  for (const t of tags) out.get(t.device_id)?.tagIds.push(t.tag_id)
  return out
}
