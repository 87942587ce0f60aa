// PostgreSQL mirror of migrations/0013-backup-runs.ts (last backup attempt per device).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE device_backup_status (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    last_attempt_at BIGINT NOT NULL,
    last_success_at BIGINT,
    last_error TEXT,
    last_error_code TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
]

export const migrationPg0013BackupRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
