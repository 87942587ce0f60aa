// Table interfaces of migration 0009-backups (owned by the backups domain). Merged into the
// Database interface by schema.ts, like schema-poller.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId, SiteId } from './schema-devices.ts'

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

/** Migration 0016: when to back up the tenant, a site or one device (most specific wins). */
export interface BackupSchedulesTable {
  id: string
  tenant_id: TenantId
  site_id: SiteId | null
  device_id: DeviceId | null
  /** 5-field cron expression (node-cron), appliance time zone */
  cron: string
  /** captures start spread over this many minutes after the cron time */
  window_minutes: number
  enabled: 0 | 1
  updated_at: number
}

/** Migration 0016: per-tenant backup options. */
export interface BackupSettingsTable {
  tenant_id: TenantId
  terse: 0 | 1
  updated_at: number
}

export type BinaryBackupMode = 'off' | 'encrypted' | 'plain'

/** Migration 0016: the optional binary `.backup` of a device. */
export interface DeviceBackupOptionsTable {
  tenant_id: TenantId
  device_id: DeviceId
  binary_mode: BinaryBackupMode
  /** the `.backup` password, sealed with the tenant key (null until first needed) */
  password_sealed: Uint8Array | null
  updated_at: number
}

/** Migration 0016: fetched `.backup` files (sealed with the tenant key). */
export interface DeviceBinaryBackupsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  captured_at: number
  encrypted: 0 | 1
  size: number
  sealed: Uint8Array
}

export interface BackupTables {
  device_backups: DeviceBackupsTable
  device_config_search: DeviceConfigSearchTable
  device_backup_status: DeviceBackupStatusTable
  backup_schedules: BackupSchedulesTable
  backup_settings: BackupSettingsTable
  device_backup_options: DeviceBackupOptionsTable
  device_binary_backups: DeviceBinaryBackupsTable
}

export const backupTableNames = {
  device_backups: true,
  device_config_search: true,
  device_backup_status: true,
  backup_schedules: true,
  backup_settings: true,
  device_backup_options: true,
  device_binary_backups: true,
} as const satisfies Record<keyof BackupTables, true>

/** FTS5's own shadow tables of device_config_search (SQLite bookkeeping, never queried). */
export const BACKUP_SEARCH_SHADOW_TABLES = [
  'device_config_search_config',
  'device_config_search_content',
  'device_config_search_data',
  'device_config_search_docsize',
  'device_config_search_idx',
] as const
