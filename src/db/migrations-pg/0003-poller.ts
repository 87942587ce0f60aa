// PostgreSQL mirror of migrations/0003-poller.ts. The kinds CHECK is named so later migrations
// can replace it in place (SQLite rebuilds the table for that).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE device_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL CONSTRAINT device_events_kind_check CHECK (kind IN ('came_online',
      'went_offline', 'auth_failed', 'rebooted', 'version_changed', 'identity_changed')),
    message TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_events_tenant_at ON device_events (tenant_id, at)`,
  `CREATE INDEX device_events_tenant_device_at ON device_events (tenant_id, device_id, at)`,
  `CREATE TABLE device_snapshots (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data_json TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, kind),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
]

export const migrationPg0003Poller: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
