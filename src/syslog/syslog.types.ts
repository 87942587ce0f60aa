// View models of the syslog domain (what views may import).
export const SEVERITY_NAMES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
] as const

export interface LogLineView {
  id: number
  at: number
  sentAt: number | null
  severity: number
  severityName: string
  facility: number
  host: string
  app: string
  msg: string
}

export interface LogPage {
  lines: LogLineView[]
  /** cursor of the next (older) page, undefined on the last page */
  next: string | undefined
}

export interface LogFilter {
  q: string
  severity: number | undefined
  from: number | undefined
  to: number | undefined
  before: string | undefined
  limit: number
}

export interface LogCapsView {
  maxLines: number
  maxDays: number
  /** true when the device has its own caps, false when the appliance defaults apply */
  custom: boolean
}

export interface ReceiverStatusView {
  port: number
  queued: number
  counters: Record<string, number>
  unknown: { address: string; count: number; lastAt: number; ambiguous: boolean; sample: string }[]
}
