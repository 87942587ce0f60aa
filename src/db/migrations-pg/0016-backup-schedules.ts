// PostgreSQL mirror of migrations/0016-backup-schedules.ts. 'config_changed' is added to the
// device_events kinds in place (SQLite rebuilds the table).
import type { Kysely, Migration } from 'kysely'
import { replaceEventKinds, runStatements } from './run.ts'

const statements = [
  `CREATE TABLE backup_schedules (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    site_id TEXT,
    device_id TEXT,
    cron TEXT NOT NULL,
    window_minutes BIGINT NOT NULL CHECK (window_minutes BETWEEN 0 AND 720),
    enabled BIGINT NOT NULL CHECK (enabled IN (0, 1)),
    updated_at BIGINT NOT NULL,
    CHECK (site_id IS NULL OR device_id IS NULL),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE UNIQUE INDEX backup_schedules_target ON backup_schedules (tenant_id, coalesce(site_id, ''), coalesce(device_id, ''))`,
  `CREATE TABLE backup_settings (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    terse BIGINT NOT NULL CHECK (terse IN (0, 1)),
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE device_backup_options (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    binary_mode TEXT NOT NULL CHECK (binary_mode IN ('off', 'encrypted', 'plain')),
    password_sealed BYTEA,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE TABLE device_binary_backups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    captured_at BIGINT NOT NULL,
    encrypted BIGINT NOT NULL CHECK (encrypted IN (0, 1)),
    size BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_binary_backups_device_at ON device_binary_backups (tenant_id, device_id, captured_at)`,
  replaceEventKinds([
    'came_online',
    'went_offline',
    'auth_failed',
    'rebooted',
    'version_changed',
    'identity_changed',
    'host_key_changed',
    'config_changed',
  ]),
]

export const migrationPg0016BackupSchedules: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
