// View models of reports (what views and the API may import).
import type { ReportKind } from '../db/schema-reports.ts'

export type { ReportKind }

export const REPORT_KINDS = ['summary', 'health', 'backups', 'compliance', 'sla'] as const

export const KIND_TITLES: Record<ReportKind, string> = {
  summary: 'Fleet summary',
  health: 'Device health',
  backups: 'Backup coverage',
  compliance: 'Compliance',
  sla: 'SLA / availability',
}

export interface ReportView {
  id: string
  kind: ReportKind
  title: string
  /** the first and last day, in the tenant's time zone */
  fromDay: string
  toDay: string
  periodFrom: number
  periodTo: number
  deviceCount: number
  pages: number
  bytes: number
  scheduled: boolean
  createdBy: string
  createdAt: number
  emailedTo: string | null
  emailError: string | null
  /** GET this for the PDF (session cookie or API key) */
  downloadUrl: string
}

export interface ScheduleView {
  id: string
  kind: ReportKind
  title: string
  channelId: string | null
  channelName: string | null
}
