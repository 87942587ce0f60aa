// Table interfaces of migration 0015-maintenance-syslog (owned by MAINTENANCE and SYSLOG). Merged
// into the Database interface by schema.ts, like schema-alerts.ts.
import type { Generated } from 'kysely'
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export type MaintenanceScopeKind = 'tenant' | 'site' | 'tag' | 'device'
export type MaintenanceKind = 'once' | 'weekly'

/** A maintenance window: alerts inside it are recorded, not notified. */
export interface MaintenanceWindowsTable {
  id: string
  tenant_id: TenantId
  name: string
  scope_kind: MaintenanceScopeKind
  scope_id: string | null
  kind: MaintenanceKind
  /** once: epoch ms */
  starts_at: number | null
  ends_at: number | null
  /** weekly: bit 0 = Monday … bit 6 = Sunday, in the tenant's time zone */
  week_days: number
  /** weekly: minutes after local midnight */
  start_minute: number
  duration_min: number
  created_at: number
  updated_at: number
}

/** One syslog line of a device. */
export interface DeviceLogsTable {
  id: Generated<number>
  tenant_id: TenantId
  device_id: DeviceId
  /** received by Outpost */
  at: number
  /** the device's own timestamp, when the message had one */
  sent_at: number | null
  facility: number
  /** 0 emergency … 7 debug */
  severity: number
  host: string
  app: string
  msg: string
}

/** FTS5 index over device_logs.msg (external content; written by triggers only). */
export interface DeviceLogSearchTable {
  tenant_id: TenantId
  msg: string
}

/** Per-device syslog retention override. */
export interface DeviceLogCapsTable {
  tenant_id: TenantId
  device_id: DeviceId
  max_lines: number
  max_days: number
}

export interface MaintenanceSyslogTables {
  maintenance_windows: MaintenanceWindowsTable
  device_logs: DeviceLogsTable
  device_log_search: DeviceLogSearchTable
  device_log_caps: DeviceLogCapsTable
}

export const maintenanceSyslogTableNames = {
  maintenance_windows: true,
  device_logs: true,
  device_log_search: true,
  device_log_caps: true,
} as const satisfies Record<keyof MaintenanceSyslogTables, true>

/** FTS5's own shadow tables of device_log_search (no _content: the content is device_logs). */
export const LOG_SEARCH_SHADOW_TABLES = [
  'device_log_search_config',
  'device_log_search_data',
  'device_log_search_docsize',
  'device_log_search_idx',
] as const
