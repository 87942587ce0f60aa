// PostgreSQL mirror of migrations/0027-reports.ts (status history, stored PDFs, schedules).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE device_status_history (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unknown', 'online', 'degraded', 'offline', 'auth_failed')),
    PRIMARY KEY (tenant_id, device_id, at),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE TABLE reports (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('summary', 'health', 'backups', 'compliance', 'sla')),
    period_from BIGINT NOT NULL,
    period_to BIGINT NOT NULL,
    title TEXT NOT NULL,
    device_count BIGINT NOT NULL,
    pages BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    pdf BYTEA NOT NULL,
    schedule_id TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    emailed_to TEXT,
    email_error TEXT,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE INDEX reports_tenant_created ON reports (tenant_id, created_at)`,
  `CREATE TABLE report_schedules (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('summary', 'health', 'backups', 'compliance', 'sla')),
    channel_id TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, kind)
  )`,
]

export const migrationPg0027Reports: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
