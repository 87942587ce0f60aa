// Config backups (issue 10): stored versions of each device's `/export`, and the fleet search
// index over the latest version of each device.
// - device_backups: one row per stored version (only when the normalised text changed). The raw
//   text is compressed, then sealed with the tenant's data key bound to (tenant, device, row);
//   content_hash is an HMAC keyed from the tenant key, so equal configs can be found without
//   making a guessable hash of a config public. References devices by (tenant_id, id).
// - device_config_search: FTS5 over the latest version with every secret masked (never raw
//   text). A virtual table cannot carry foreign keys, so a trigger removes a device's entry when
//   the device row goes (tenant deletion cascades through devices and fires it too).
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE device_backups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    captured_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'suspect')),
    status_reason TEXT,
    routeros_version TEXT,
    raw_size INTEGER NOT NULL,
    normalized_size INTEGER NOT NULL,
    stored_size INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    codec TEXT NOT NULL,
    sealed BLOB NOT NULL,
    lines_added INTEGER NOT NULL,
    lines_removed INTEGER NOT NULL,
    sections_json TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_backups_tenant_device_at ON device_backups (tenant_id, device_id, captured_at)`,
  `CREATE VIRTUAL TABLE device_config_search USING fts5(
    tenant_id UNINDEXED, device_id UNINDEXED, backup_id UNINDEXED, body,
    tokenize = 'unicode61 remove_diacritics 0'
  )`,
  `CREATE TRIGGER device_config_search_device_deleted AFTER DELETE ON devices BEGIN
    DELETE FROM device_config_search WHERE tenant_id = old.tenant_id AND device_id = old.id;
  END`,
]

export const migration0009Backups: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
