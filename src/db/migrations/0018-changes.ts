// Config changes (issue 11): every write to a router is a change set, kept here with its state,
// per-operation results and the script (secrets masked), for the device's change history; the
// tenant's safe-apply window; and the 'config_change_lost' device event (a safe change whose
// device did not come back within the window plus 5 minutes). SQLite cannot alter a CHECK, so
// device_events is rebuilt with the new kind (same columns and indexes as 0004).
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE device_changes (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    source TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('standard', 'safe')),
    confirm TEXT NOT NULL CHECK (confirm IN ('auto', 'manual')),
    window_s INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('validating', 'applying', 'verifying', 'kept', 'reverted', 'failed', 'lost')),
    awaiting_keep INTEGER NOT NULL DEFAULT 0,
    deadline_at INTEGER,
    finished_at INTEGER,
    operations_json TEXT NOT NULL,
    script TEXT NOT NULL,
    results_json TEXT NOT NULL DEFAULT '[]',
    message TEXT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_changes_tenant_device_created ON device_changes (tenant_id, device_id, created_at)`,
  `CREATE TABLE change_settings (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    safe_window_s INTEGER NOT NULL
  ) STRICT`,
  `CREATE TABLE device_events_new (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('came_online', 'went_offline', 'auth_failed', 'rebooted',
      'version_changed', 'identity_changed', 'host_key_changed', 'config_change_lost')),
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

export const migration0018Changes: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
