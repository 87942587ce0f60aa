// Remote access (issue 14): one row per browser terminal session (who, which device, when, how
// many bytes each way, why it ended) with its optional recording (asciicast v2, sealed with the
// tenant's data key). Like job targets, rows keep the device's name and do not reference the
// device row: deleting a device must not erase who typed what on it.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE terminal_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    user_id TEXT,
    user_name TEXT NOT NULL,
    ip TEXT,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    bytes_in INTEGER NOT NULL DEFAULT 0,
    bytes_out INTEGER NOT NULL DEFAULT 0,
    end_reason TEXT,
    recording BLOB,
    recording_bytes INTEGER,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE INDEX terminal_sessions_started ON terminal_sessions (tenant_id, started_at)`,
]

export const migration0021RemoteAccess: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
