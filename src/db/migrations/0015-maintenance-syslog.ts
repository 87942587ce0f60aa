// Maintenance windows and syslog (issue 13).
// - tenants.time_zone: an IANA zone name; recurring maintenance windows are wall-clock times there.
// - maintenance_windows: one-off (starts_at/ends_at) or weekly (day mask, start minute, duration)
//   windows scoped to the tenant, a site, a tag or a device. scope_id has no foreign key (it names
//   a row of one of three tables); a window whose target is gone simply matches nothing.
// - device_logs: syslog lines per device, goes with the device. `at` is when Outpost received the
//   line (device clocks are often wrong); `sent_at` is the device's own stamp when it had one.
// - device_log_search: FTS5 over device_logs.msg as external content (no second copy of the
//   text); triggers keep it in step, including the deletes cascading from a deleted device.
// - device_log_caps: per-device retention override (lines, days); appliance defaults otherwise.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `ALTER TABLE tenants ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'`,
  `CREATE TABLE maintenance_windows (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('tenant', 'site', 'tag', 'device')),
    scope_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('once', 'weekly')),
    starts_at INTEGER,
    ends_at INTEGER,
    week_days INTEGER NOT NULL DEFAULT 0,
    start_minute INTEGER NOT NULL DEFAULT 0,
    duration_min INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE TABLE device_logs (
    id INTEGER PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    sent_at INTEGER,
    facility INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    host TEXT NOT NULL,
    app TEXT NOT NULL,
    msg TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_logs_tenant_device_at ON device_logs (tenant_id, device_id, at)`,
  `CREATE VIRTUAL TABLE device_log_search USING fts5(
    tenant_id UNINDEXED, msg, content = 'device_logs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
  )`,
  `CREATE TRIGGER device_logs_ai AFTER INSERT ON device_logs BEGIN
    INSERT INTO device_log_search (rowid, tenant_id, msg) VALUES (new.id, new.tenant_id, new.msg);
  END`,
  `CREATE TRIGGER device_logs_ad AFTER DELETE ON device_logs BEGIN
    INSERT INTO device_log_search (device_log_search, rowid, tenant_id, msg) VALUES ('delete', old.id, old.tenant_id, old.msg);
  END`,
  `CREATE TABLE device_log_caps (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    max_lines INTEGER NOT NULL,
    max_days INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
]

export const migration0015MaintenanceSyslog: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
