// PostgreSQL mirror of migrations/0021-remote-access.ts (terminal sessions and recordings).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE terminal_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    user_id TEXT,
    user_name TEXT NOT NULL,
    ip TEXT,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    bytes_in BIGINT NOT NULL DEFAULT 0,
    bytes_out BIGINT NOT NULL DEFAULT 0,
    end_reason TEXT,
    recording BYTEA,
    recording_bytes BIGINT,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE INDEX terminal_sessions_started ON terminal_sessions (tenant_id, started_at)`,
]

export const migrationPg0021RemoteAccess: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
