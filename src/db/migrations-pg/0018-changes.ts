// PostgreSQL mirror of migrations/0018-changes.ts (change sets, safe-apply window).
// 'config_change_lost' is added to the device_events kinds in place (SQLite rebuilds the table).
import type { Kysely, Migration } from 'kysely'
import { replaceEventKinds, runStatements } from './run.ts'

const statements = [
  `CREATE TABLE device_changes (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    source TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('standard', 'safe')),
    confirm TEXT NOT NULL CHECK (confirm IN ('auto', 'manual')),
    window_s BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('validating', 'applying', 'verifying', 'kept', 'reverted', 'failed', 'lost')),
    awaiting_keep BIGINT NOT NULL DEFAULT 0,
    deadline_at BIGINT,
    finished_at BIGINT,
    operations_json TEXT NOT NULL,
    script TEXT NOT NULL,
    results_json TEXT NOT NULL DEFAULT '[]',
    message TEXT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_changes_tenant_device_created ON device_changes (tenant_id, device_id, created_at)`,
  `CREATE TABLE change_settings (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    safe_window_s BIGINT NOT NULL
  )`,
  replaceEventKinds([
    'came_online',
    'went_offline',
    'auth_failed',
    'rebooted',
    'version_changed',
    'identity_changed',
    'host_key_changed',
    'config_changed',
    'config_change_lost',
  ]),
]

export const migrationPg0018Changes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
