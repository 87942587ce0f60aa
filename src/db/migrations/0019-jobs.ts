// Fleet jobs (issue 12): one row per job and one per target device, so a job survives a restart
// (running targets become `interrupted`, never silently re-run); per-tenant templates with every
// version kept; the firmware state a "check now" read. Targets keep the device's name and do not
// reference the device row: a device deleted mid-job must not erase the job's history.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE jobs (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('command', 'template', 'firmware', 'guided')),
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    is_write INTEGER NOT NULL,
    spec_json TEXT NOT NULL,
    concurrency INTEGER NOT NULL,
    canary INTEGER NOT NULL,
    canary_auto INTEGER NOT NULL,
    canary_done INTEGER NOT NULL DEFAULT 0,
    stop_on_failure INTEGER NOT NULL,
    timeout_s INTEGER NOT NULL,
    mode TEXT NOT NULL,
    note TEXT,
    created_by_kind TEXT NOT NULL,
    created_by_id TEXT,
    created_by_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    not_before INTEGER,
    started_at INTEGER,
    finished_at INTEGER,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at)`,
  `CREATE INDEX jobs_state ON jobs (state)`,
  `CREATE TABLE job_targets (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    job_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    script TEXT,
    output TEXT NOT NULL DEFAULT '',
    output_capped INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    before_version TEXT,
    after_version TEXT,
    started_at INTEGER,
    finished_at INTEGER,
    PRIMARY KEY (tenant_id, job_id, device_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX job_targets_job_seq ON job_targets (tenant_id, job_id, seq)`,
  `CREATE TABLE job_templates (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    variables_json TEXT NOT NULL,
    is_read_only INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name)
  ) STRICT`,
  `CREATE TABLE job_template_versions (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    variables_json TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (tenant_id, template_id, version),
    FOREIGN KEY (tenant_id, template_id) REFERENCES job_templates (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE TABLE device_firmware (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    channel TEXT,
    installed_version TEXT,
    latest_version TEXT,
    current_firmware TEXT,
    upgrade_firmware TEXT,
    checked_at INTEGER NOT NULL,
    error TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
]

export const migration0019Jobs: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
