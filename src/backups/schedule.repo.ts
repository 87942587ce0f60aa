// Backup schedules and per-tenant options (migration 0016); every query goes through a TenantScope.
import type { Selectable } from 'kysely'
import type { BackupSchedulesTable } from '../db/schema-backups.ts'
import type { DeviceId, SiteId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export type ScheduleRow = Selectable<BackupSchedulesTable>

export function listScheduleRows(scope: TenantScope): Promise<ScheduleRow[]> {
  return scope.selectFrom('backup_schedules').selectAll().execute()
}

/** Devices with their site: what the effective schedule of each depends on. */
export function listDevicePlaces(
  scope: TenantScope,
): Promise<{ id: DeviceId; name: string; site_id: SiteId | null; edge_id: string | null }[]> {
  return scope
    .selectFrom('devices')
    .select(['id', 'name', 'site_id', 'edge_id'])
    .orderBy('name')
    .execute()
}

export function listSites(scope: TenantScope): Promise<{ id: SiteId; name: string }[]> {
  return scope.selectFrom('sites').select(['id', 'name']).orderBy('name').execute()
}

export async function siteExists(scope: TenantScope, id: SiteId): Promise<boolean> {
  return (
    (await scope.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst()) !==
    undefined
  )
}

/** One row per target: the tenant (both null), a site or a device. */
export async function upsertSchedule(
  scope: TenantScope,
  row: {
    id: string
    site_id: SiteId | null
    device_id: DeviceId | null
    cron: string
    window_minutes: number
    enabled: 0 | 1
    updated_at: number
  },
): Promise<void> {
  await scope.transaction(async (tx) => {
    await deleteScheduleFor(tx, row.site_id, row.device_id)
    await tx.insertInto('backup_schedules', row).execute()
  })
}

export async function deleteScheduleFor(
  scope: TenantScope,
  siteId: SiteId | null,
  deviceId: DeviceId | null,
): Promise<number> {
  let q = scope.deleteFrom('backup_schedules')
  q = siteId === null ? q.where('site_id', 'is', null) : q.where('site_id', '=', siteId)
  q = deviceId === null ? q.where('device_id', 'is', null) : q.where('device_id', '=', deviceId)
  return Number((await q.executeTakeFirst()).numDeletedRows)
}

export async function findTerse(scope: TenantScope): Promise<boolean> {
  const r = await scope.selectFrom('backup_settings').select('terse').executeTakeFirst()
  return r?.terse === 1
}

export async function saveTerse(scope: TenantScope, terse: boolean, at: number): Promise<void> {
  const values = { terse: terse ? (1 as const) : (0 as const), updated_at: at }
  await scope
    .insertInto('backup_settings', values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute()
}
