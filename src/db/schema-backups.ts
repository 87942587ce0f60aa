// Table interfaces of migration 0009-backups (owned by the backups domain). Merged into the
// Database interface by schema.ts, like schema-poller.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export type BackupStatus = 'ok' | 'suspect'

/** One stored version of a device's `/export` (raw text compressed, then sealed). */
export interface DeviceBackupsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  captured_at: number
  status: BackupStatus
  status_reason: string | null
  routeros_version: string | null
  /** bytes of the raw capture (UTF-8) */
  raw_size: number
  /** characters of the normalised text (the shrink check compares these) */
  normalized_size: number
  /** bytes of `sealed` */
  stored_size: number
  /** HMAC-SHA256 (hex) of the normalised text under a key derived from the tenant data key */
  content_hash: string
  /** compression of the sealed payload: `zstd-d1` (zstd with dictionary 1) or `gzip` */
  codec: string
  sealed: Uint8Array
  lines_added: number
  lines_removed: number
  /** ChangeSummary sections vs the previous version, JSON */
  sections_json: string
}

/** FTS5 index: the latest version of each device with secrets masked. */
export interface DeviceConfigSearchTable {
  tenant_id: TenantId
  device_id: DeviceId
  backup_id: string
  body: string
}

/** Migration 0013: the last backup attempt of each device (coverage, last error). */
export interface DeviceBackupStatusTable {
  tenant_id: TenantId
  device_id: DeviceId
  last_attempt_at: number
  last_success_at: number | null
  /** plain words; null when the last attempt succeeded */
  last_error: string | null
  last_error_code: string | null
}

export interface BackupTables {
  device_backups: DeviceBackupsTable
  device_config_search: DeviceConfigSearchTable
  device_backup_status: DeviceBackupStatusTable
}

export const backupTableNames = {
  device_backups: true,
  device_config_search: true,
  device_backup_status: true,
} as const satisfies Record<keyof BackupTables, true>

/** FTS5's own shadow tables of device_config_search (SQLite bookkeeping, never queried). */
export const BACKUP_SEARCH_SHADOW_TABLES = [
  'device_config_search_config',
  'device_config_search_content',
  'device_config_search_data',
  'device_config_search_docsize',
  'device_config_search_idx',
] as const
