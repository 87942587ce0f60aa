// Topology, site map and compliance (issue 18). Sites get coordinates in a side table owned by
// TOPOLOGY (the labels domain keeps its shape); compliance keeps per-tenant settings, custom
// rules and every evaluation (history), with `is_latest` marking each device's current result so
// the fleet view is one indexed read. Ranges are CHECKed here as well as in the forms.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE site_locations (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE TABLE compliance_settings (
    tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    firmware_max_behind INTEGER NOT NULL DEFAULT 2 CHECK (firmware_max_behind BETWEEN 0 AND 50),
    updated_at INTEGER NOT NULL
  ) STRICT`,
  `CREATE TABLE compliance_rules (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE,
    path TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('must_contain', 'must_not_contain')),
    pattern TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name)
  ) STRICT`,
  `CREATE TABLE compliance_results (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    evaluated_at INTEGER NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('backup', 'daily', 'manual')),
    backup_id TEXT,
    passed INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    unknown INTEGER NOT NULL,
    results_json TEXT NOT NULL,
    is_latest INTEGER NOT NULL DEFAULT 1 CHECK (is_latest IN (0, 1)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX compliance_results_latest ON compliance_results (tenant_id, is_latest, device_id)`,
  `CREATE INDEX compliance_results_device ON compliance_results (tenant_id, device_id, evaluated_at)`,
]

export const migration0026TopologyCompliance: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
