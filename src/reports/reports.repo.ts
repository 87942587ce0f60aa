// Queries of the reports domain: the fleet as reports read it (devices with their site, status
// history, stored backups) and the stored reports and schedules. No business rules.
import type { Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { DeviceId, DeviceStatus } from '../db/schema-devices.ts'
import type { ReportSchedulesTable, ReportsTable } from '../db/schema-reports.ts'
import type { NewRow, TenantScope } from '../db/tenant-scope.ts'

export type ReportRow = Omit<Selectable<ReportsTable>, 'pdf' | 'tenant_id'>
export type ScheduleRow = Selectable<ReportSchedulesTable>

export interface ReportDevice {
  id: DeviceId
  name: string
  host: string
  site: string | null
  board: string | null
  version: string | null
  status: DeviceStatus
  lastSeenAt: number | null
  isEnabled: boolean
}

/** Devices that existed before `to` (added later ones are not part of the period). */
export async function devicesBefore(scope: TenantScope, to: number): Promise<ReportDevice[]> {
  const rows = await scope
    .selectFrom('devices')
    .leftJoin('sites', (j) =>
      j
        .onRef('sites.id', '=', 'devices.site_id')
        .onRef('sites.tenant_id', '=', 'devices.tenant_id'),
    )
    .select([
      'devices.id',
      'devices.name',
      'devices.host',
      'devices.board',
      'devices.version',
      'devices.last_status',
      'devices.last_seen_at',
      'devices.is_enabled',
      'sites.name as site',
    ])
    .where('devices.created_at', '<', to)
    .orderBy('devices.name')
    .limit(100_000)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    host: r.host,
    site: r.site,
    board: r.board,
    version: r.version,
    status: r.last_status,
    lastSeenAt: r.last_seen_at,
    isEnabled: r.is_enabled === 1,
  }))
}

/** Every status change in [from, to), plus each device's last change before `from`, by time. */
export async function statusChanges(
  scope: TenantScope,
  from: number,
  to: number,
): Promise<{ device_id: DeviceId; at: number; status: DeviceStatus }[]> {
  // each device's newest row before `from`, spelled as a correlated MAX (the primary key serves
  // it): SQLite's bare column next to MAX() in a GROUP BY is an error on PostgreSQL
  const before = await scope
    .selectFrom('device_status_history')
    .select(['device_id', 'at', 'status'])
    .where('at', '<', from)
    .where('at', '=', (eb) =>
      eb
        .selectFrom('device_status_history as p')
        .select((p) => p.fn.max('p.at').as('at'))
        .whereRef('p.device_id', '=', 'device_status_history.device_id')
        .whereRef('p.tenant_id', '=', 'device_status_history.tenant_id')
        .where('p.at', '<', from),
    )
    .execute()
  const within = await scope
    .selectFrom('device_status_history')
    .select(['device_id', 'at', 'status'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('device_id')
    .orderBy('at')
    .execute()
  return [...before, ...within]
}

export async function recordStatus(
  scope: TenantScope,
  deviceId: DeviceId,
  at: number,
  status: DeviceStatus,
): Promise<void> {
  await scope
    .insertInto('device_status_history', { device_id: deviceId, at, status })
    .onConflict((oc) => oc.columns(['tenant_id', 'device_id', 'at']).doUpdateSet({ status }))
    .execute()
}

/** Devices with a known status and no history yet (added before history was kept). */
export function devicesWithoutHistory(
  scope: TenantScope,
): Promise<{ id: DeviceId; last_status: DeviceStatus; last_polled_at: number | null }[]> {
  return scope
    .selectFrom('devices')
    .select(['id', 'last_status', 'last_polled_at'])
    .where('last_status', '!=', 'unknown')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('device_status_history as h')
            .select('h.at')
            .whereRef('h.device_id', '=', 'devices.id')
            .whereRef('h.tenant_id', '=', 'devices.tenant_id'),
        ),
      ),
    )
    .limit(100_000)
    .execute()
}

/** Per device: versions stored in [from, to), and the newest one before `to`. */
export async function backupFacts(
  scope: TenantScope,
  from: number,
  to: number,
): Promise<Map<string, { inPeriod: number; newestAt: number | null }>> {
  const rows = await scope
    .selectFrom('device_backups')
    .select((eb) => [
      'device_id',
      eb.fn.max('captured_at').as('newest'),
      eb.fn.sum<number>(eb.case().when('captured_at', '>=', from).then(1).else(0).end()).as('n'),
    ])
    .where('captured_at', '<', to)
    .groupBy('device_id')
    .execute()
  return new Map(rows.map((r) => [r.device_id, { inPeriod: Number(r.n), newestAt: r.newest }]))
}

/** The last backup attempt of every device (only the latest one is kept). */
export async function backupAttempts(
  scope: TenantScope,
): Promise<Map<string, { at: number; error: string | null }>> {
  const rows = await scope
    .selectFrom('device_backup_status')
    .select(['device_id', 'last_attempt_at', 'last_error'])
    .execute()
  return new Map(rows.map((r) => [r.device_id, { at: r.last_attempt_at, error: r.last_error }]))
}

export async function tenantFacts(
  db: GlobalDb,
  tenantId: string,
): Promise<{ name: string; timeZone: string }> {
  const t = await db
    .selectFrom('tenants')
    .select(['name', 'time_zone'])
    .where('id', '=', tenantId as never)
    .executeTakeFirst()
  return { name: t?.name ?? '', timeZone: t?.time_zone ?? 'UTC' }
}

const LIST_COLUMNS = [
  'id',
  'kind',
  'period_from',
  'period_to',
  'title',
  'device_count',
  'pages',
  'bytes',
  'schedule_id',
  'created_by',
  'created_at',
  'emailed_to',
  'email_error',
] as const

export function insertReport(scope: TenantScope, row: NewRow<'reports'>): Promise<unknown> {
  return scope.insertInto('reports', row).execute()
}

export function listReportRows(scope: TenantScope, limit: number): Promise<ReportRow[]> {
  return scope
    .selectFrom('reports')
    .select(LIST_COLUMNS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export function findReport(scope: TenantScope, id: string): Promise<ReportRow | undefined> {
  return scope.selectFrom('reports').select(LIST_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export async function readPdf(scope: TenantScope, id: string): Promise<Uint8Array | undefined> {
  const r = await scope.selectFrom('reports').select('pdf').where('id', '=', id).executeTakeFirst()
  return r?.pdf
}

export async function setEmailOutcome(
  scope: TenantScope,
  id: string,
  emailedTo: string | null,
  error: string | null,
): Promise<void> {
  await scope
    .updateTable('reports')
    .set({ emailed_to: emailedTo, email_error: error })
    .where('id', '=', id)
    .execute()
}

export async function deleteReport(scope: TenantScope, id: string): Promise<boolean> {
  const r = await scope.deleteFrom('reports').where('id', '=', id).executeTakeFirst()
  return r.numDeletedRows > 0n
}

/** Whether the schedule already made its report for the period starting at `from`. */
export async function scheduledExists(
  scope: TenantScope,
  scheduleId: string,
  from: number,
): Promise<boolean> {
  const r = await scope
    .selectFrom('reports')
    .select('id')
    .where('schedule_id', '=', scheduleId)
    .where('period_from', '=', from)
    .executeTakeFirst()
  return r !== undefined
}

export function listScheduleRows(scope: TenantScope): Promise<ScheduleRow[]> {
  return scope.selectFrom('report_schedules').selectAll().orderBy('kind').execute()
}

export async function upsertSchedule(
  scope: TenantScope,
  row: NewRow<'report_schedules'>,
): Promise<void> {
  await scope
    .insertInto('report_schedules', row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind']).doUpdateSet({ channel_id: row.channel_id ?? null }),
    )
    .execute()
}

export async function deleteSchedule(scope: TenantScope, id: string): Promise<boolean> {
  const r = await scope.deleteFrom('report_schedules').where('id', '=', id).executeTakeFirst()
  return r.numDeletedRows > 0n
}
