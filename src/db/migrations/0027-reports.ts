// Reports (issue 18): the status history SLA reports are computed from (one row per status change
// the poller saw: device_events only records some transitions and no auth/unknown periods), the
// generated PDFs (kept in the database so they are tenant-scoped and go into appliance backups),
// and the monthly schedules with the e-mail channel each report goes to.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE device_status_history (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unknown', 'online', 'degraded', 'offline', 'auth_failed')),
    PRIMARY KEY (tenant_id, device_id, at),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE reports (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('summary', 'health', 'backups', 'compliance', 'sla')),
    period_from INTEGER NOT NULL,
    period_to INTEGER NOT NULL,
    title TEXT NOT NULL,
    device_count INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    pdf BLOB NOT NULL,
    schedule_id TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    emailed_to TEXT,
    email_error TEXT,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE INDEX reports_tenant_created ON reports (tenant_id, created_at)`,
  `CREATE TABLE report_schedules (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('summary', 'health', 'backups', 'compliance', 'sla')),
    channel_id TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, kind)
  ) STRICT`,
]

export const migration0027Reports: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
