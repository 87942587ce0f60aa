// Poller (issue 4): device events and the latest collector snapshots. Both are tenant-scoped and
// reference devices by (tenant_id, id), so a row can never point at another tenant's device, and
// are removed with the device. Samples live in samples.db (src/metrics), not here.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE device_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('came_online', 'went_offline', 'auth_failed', 'rebooted',
      'version_changed', 'identity_changed')),
    message TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_events_tenant_at ON device_events (tenant_id, at)`,
  `CREATE INDEX device_events_tenant_device_at ON device_events (tenant_id, device_id, at)`,
  `CREATE TABLE device_snapshots (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, device_id, kind),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID`,
]

export const migration0003Poller: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
