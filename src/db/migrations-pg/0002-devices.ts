// PostgreSQL mirror of migrations/0002-devices.ts (device inventory). Same composite keys:
// UNIQUE (tenant_id, id) on parents, (tenant_id, x_id) foreign keys on children.
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE tenant_keys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id)
  )`,
  ...['sites', 'tags', 'device_groups'].map(
    (table) => `CREATE TABLE ${table} (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name CITEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name)
  )`,
  ),
  `CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name CITEXT NOT NULL,
    host CITEXT NOT NULL,
    host2 TEXT,
    api_port BIGINT NOT NULL DEFAULT 8728 CHECK (api_port BETWEEN 1 AND 65535),
    transport TEXT NOT NULL DEFAULT 'api' CHECK (transport IN ('api', 'api-ssl')),
    tls_mode TEXT NOT NULL DEFAULT 'insecure'
      CHECK (tls_mode IN ('verify', 'pin', 'insecure', 'certless')),
    tls_fingerprint TEXT,
    tls_ca_pem TEXT,
    ssh_port BIGINT NOT NULL DEFAULT 22 CHECK (ssh_port BETWEEN 1 AND 65535),
    ssh_host_key TEXT,
    username_enc TEXT NOT NULL,
    password_enc TEXT NOT NULL,
    site_id TEXT,
    notes TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    is_enabled BIGINT NOT NULL DEFAULT 1 CHECK (is_enabled IN (0, 1)),
    poll_interval_s BIGINT NOT NULL DEFAULT 60 CHECK (poll_interval_s >= 1),
    identity TEXT,
    board TEXT,
    version TEXT,
    serial TEXT,
    last_status TEXT NOT NULL DEFAULT 'unknown'
      CHECK (last_status IN ('unknown', 'online', 'degraded', 'offline', 'auth_failed')),
    last_error TEXT,
    last_seen_at BIGINT,
    last_polled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
  )`,
  'CREATE INDEX devices_tenant_host ON devices (tenant_id, host)',
  'CREATE INDEX devices_tenant_status ON devices (tenant_id, last_status, name)',
  'CREATE INDEX devices_tenant_version ON devices (tenant_id, version, name)',
  'CREATE INDEX devices_tenant_site ON devices (tenant_id, site_id, name)',
  'CREATE INDEX devices_tenant_seen ON devices (tenant_id, last_seen_at)',
  `CREATE TABLE device_tags (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    tag_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, tag_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, tag_id) REFERENCES tags (tenant_id, id) ON DELETE CASCADE
  )`,
  'CREATE INDEX device_tags_tag ON device_tags (tenant_id, tag_id, device_id)',
  `CREATE TABLE device_group_members (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, group_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES device_groups (tenant_id, id) ON DELETE CASCADE
  )`,
  'CREATE INDEX device_group_members_group ON device_group_members (tenant_id, group_id, device_id)',
]

export const migrationPg0002Devices: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
