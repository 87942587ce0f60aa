// Config backups (issue 10), capture side: the last backup attempt of each device, so the device
// page and the fleet Backups page can show coverage (backed up in the last 24 h, stale, failing,
// never) and the last error in plain words without scanning versions. One row per device,
// replaced on every attempt; goes with the device.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE device_backup_status (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    last_attempt_at INTEGER NOT NULL,
    last_success_at INTEGER,
    last_error TEXT,
    last_error_code TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
]

export const migration0013BackupRuns: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
