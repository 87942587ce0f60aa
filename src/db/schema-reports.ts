// Table interfaces of migration 0027-reports (owned by REPORTS). Merged into the Database
// interface by schema.ts, like schema-jobs.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId, DeviceStatus } from './schema-devices.ts'

export type ReportKind = 'summary' | 'health' | 'backups' | 'compliance' | 'sla'

/** One status change of a device (the poller's `device.status_changed`), for availability. */
export interface DeviceStatusHistoryTable {
  tenant_id: TenantId
  device_id: DeviceId
  at: number
  status: DeviceStatus
}

/** A generated PDF report of one kind and period. */
export interface ReportsTable {
  id: string
  tenant_id: TenantId
  kind: ReportKind
  period_from: number
  /** exclusive */
  period_to: number
  title: string
  device_count: number
  pages: number
  bytes: number
  pdf: Uint8Array
  /** set when the monthly schedule made it */
  schedule_id: string | null
  created_by: string
  created_at: number
  /** the e-mail channel's recipients it was sent to, or why sending failed */
  emailed_to: string | null
  email_error: string | null
}

/** A monthly report of one kind, optionally e-mailed through a channel. */
export interface ReportSchedulesTable {
  id: string
  tenant_id: TenantId
  kind: ReportKind
  channel_id: string | null
  created_at: number
}

export interface ReportTables {
  device_status_history: DeviceStatusHistoryTable
  reports: ReportsTable
  report_schedules: ReportSchedulesTable
}

export const reportTableNames = {
  device_status_history: true,
  reports: true,
  report_schedules: true,
} as const satisfies Record<keyof ReportTables, true>
