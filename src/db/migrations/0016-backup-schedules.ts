// Config backups (issue 10), scheduling and options:
// - backup_schedules: when devices are backed up, for the whole tenant (site_id and device_id
//   null), a site or one device; the most specific row wins, and a tenant without a row uses the
//   nightly default. Captures start spread over `window_minutes` so a large fleet doesn't connect
//   in the same second. Goes with its site or device.
// - backup_settings: per-tenant options (`terse` exports).
// - device_backup_options / device_binary_backups: the optional binary `.backup` per device (its
//   password sealed with the tenant key, or dont-encrypt by choice) and the fetched files, sealed.
// - device_events gains 'config_changed' (a stored change with its summary; SQLite cannot alter a
//   CHECK: rebuild).
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE backup_schedules (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    site_id TEXT,
    device_id TEXT,
    cron TEXT NOT NULL,
    window_minutes INTEGER NOT NULL CHECK (window_minutes BETWEEN 0 AND 720),
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at INTEGER NOT NULL,
    CHECK (site_id IS NULL OR device_id IS NULL),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE UNIQUE INDEX backup_schedules_target ON backup_schedules (tenant_id, ifnull(site_id, ''), ifnull(device_id, ''))`,
  `CREATE TABLE backup_settings (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    terse INTEGER NOT NULL CHECK (terse IN (0, 1)),
    updated_at INTEGER NOT NULL
  ) STRICT`,
  `CREATE TABLE device_backup_options (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    binary_mode TEXT NOT NULL CHECK (binary_mode IN ('off', 'encrypted', 'plain')),
    password_sealed BLOB,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE TABLE device_binary_backups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    captured_at INTEGER NOT NULL,
    encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
    size INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_binary_backups_device_at ON device_binary_backups (tenant_id, device_id, captured_at)`,
  `CREATE TABLE device_events_new (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('came_online', 'went_offline', 'auth_failed', 'rebooted',
      'version_changed', 'identity_changed', 'host_key_changed', 'config_changed')),
    message TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `INSERT INTO device_events_new (id, tenant_id, device_id, at, kind, message)
    SELECT id, tenant_id, device_id, at, kind, message FROM device_events`,
  `DROP TABLE device_events`,
  `ALTER TABLE device_events_new RENAME TO device_events`,
  `CREATE INDEX device_events_tenant_at ON device_events (tenant_id, at)`,
  `CREATE INDEX device_events_tenant_device_at ON device_events (tenant_id, device_id, at)`,
]

export const migration0016BackupSchedules: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
