// PostgreSQL mirror of migrations/0019-jobs.ts (jobs, targets, templates, firmware state).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE jobs (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('command', 'template', 'firmware', 'guided')),
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    is_write BIGINT NOT NULL,
    spec_json TEXT NOT NULL,
    concurrency BIGINT NOT NULL,
    canary BIGINT NOT NULL,
    canary_auto BIGINT NOT NULL,
    canary_done BIGINT NOT NULL DEFAULT 0,
    stop_on_failure BIGINT NOT NULL,
    timeout_s BIGINT NOT NULL,
    mode TEXT NOT NULL,
    note TEXT,
    created_by_kind TEXT NOT NULL,
    created_by_id TEXT,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    not_before BIGINT,
    started_at BIGINT,
    finished_at BIGINT,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at)`,
  `CREATE INDEX jobs_state ON jobs (state)`,
  `CREATE TABLE job_targets (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    job_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    seq BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    script TEXT,
    output TEXT NOT NULL DEFAULT '',
    output_capped BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    before_version TEXT,
    after_version TEXT,
    started_at BIGINT,
    finished_at BIGINT,
    PRIMARY KEY (tenant_id, job_id, device_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX job_targets_job_seq ON job_targets (tenant_id, job_id, seq)`,
  `CREATE TABLE job_templates (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    variables_json TEXT NOT NULL,
    is_read_only BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name)
  )`,
  `CREATE TABLE job_template_versions (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    variables_json TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (tenant_id, template_id, version),
    FOREIGN KEY (tenant_id, template_id) REFERENCES job_templates (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE TABLE device_firmware (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    channel TEXT,
    installed_version TEXT,
    latest_version TEXT,
    current_firmware TEXT,
    upgrade_firmware TEXT,
    checked_at BIGINT NOT NULL,
    error TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
]

export const migrationPg0019Jobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
