// View models of the backups domain (what routes and views may import).
import type { BackupStatus } from '../db/schema-backups.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { SectionChange } from './summary.ts'

export type { BackupStatus }

/** Metadata of one stored version (never its text). */
export interface BackupView {
  id: string
  deviceId: DeviceId
  capturedAt: number
  status: BackupStatus
  statusReason: string | null
  routerosVersion: string | null
  rawSize: number
  storedSize: number
  linesAdded: number
  linesRemoved: number
  sections: SectionChange[]
}

/** One `/export` run as the capture step read it off the SSH exec channel. */
export interface ExportCapture {
  stdout: string
  stderr: string
  exitCode: number | null
  /** When the export ran (default: now). */
  capturedAt?: number
  /** A configuration change was recorded since the newest stored version. */
  changeRecorded?: boolean
  /** This capture is the retry after a `suspect_shrink` answer: store it marked suspect. */
  retried?: boolean
}

export type StoreOutcome =
  | { ok: true; backup: BackupView; changed: boolean; first?: boolean }
  | { ok: false; problem: string; reason: string; retry: boolean }

export interface ConfigSearchHit {
  deviceId: DeviceId
  backupId: string
  /** Matching lines of the normalised, masked config (1-based numbers). */
  lines: { n: number; text: string }[]
}

/** Progress of a whole-tenant (or selection) "back up now" run. */
export type RunDeviceState = 'queued' | 'running' | 'ok' | 'failed'

export interface BackupRunView {
  id: string
  startedAt: number
  finishedAt: number | null
  total: number
  done: number
  failed: number
  changed: number
  devices: {
    deviceId: DeviceId
    name: string
    state: RunDeviceState
    changed: boolean
    error: string | null
  }[]
}
