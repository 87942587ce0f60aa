// PostgreSQL mirror of migrations/0026-topology-compliance.ts (site coordinates, compliance).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE site_locations (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE TABLE compliance_settings (
    tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    firmware_max_behind BIGINT NOT NULL DEFAULT 2 CHECK (firmware_max_behind BETWEEN 0 AND 50),
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE compliance_rules (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name CITEXT NOT NULL,
    path TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('must_contain', 'must_not_contain')),
    pattern TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name)
  )`,
  `CREATE TABLE compliance_results (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    evaluated_at BIGINT NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('backup', 'daily', 'manual')),
    backup_id TEXT,
    passed BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    unknown BIGINT NOT NULL,
    results_json TEXT NOT NULL,
    is_latest BIGINT NOT NULL DEFAULT 1 CHECK (is_latest IN (0, 1)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX compliance_results_latest ON compliance_results (tenant_id, is_latest, device_id)`,
  `CREATE INDEX compliance_results_device ON compliance_results (tenant_id, device_id, evaluated_at)`,
]

export const migrationPg0026TopologyCompliance: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
