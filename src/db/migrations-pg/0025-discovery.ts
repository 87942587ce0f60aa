// PostgreSQL mirror of migrations/0025-discovery.ts. discovery_ranges and discovery_sightings are
// global tables (no tenant_id column, so no row-level security); scans and candidates are tenant
// tables. IPv4 addresses as integers need BIGINT (they exceed a 32-bit signed integer).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE discovery_ranges (
    id TEXT NOT NULL PRIMARY KEY,
    owner_tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    first_ip BIGINT NOT NULL,
    last_ip BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (owner_tenant_id, cidr)
  )`,
  `CREATE INDEX discovery_ranges_first ON discovery_ranges (first_ip, last_ip)`,
  `CREATE TABLE discovery_sightings (
    id TEXT NOT NULL PRIMARY KEY,
    mac TEXT NOT NULL,
    address TEXT NOT NULL,
    address_int BIGINT NOT NULL,
    identity TEXT,
    version TEXT,
    platform TEXT,
    board TEXT,
    software_id TEXT,
    interface_name TEXT,
    announced_ipv4 TEXT,
    ipv6 TEXT,
    uptime_s BIGINT,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    UNIQUE (mac, address)
  )`,
  `CREATE INDEX discovery_sightings_address ON discovery_sightings (address_int)`,
  `CREATE TABLE discovery_scans (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    first_ip BIGINT NOT NULL,
    last_ip BIGINT NOT NULL,
    ports_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    total BIGINT NOT NULL,
    probed BIGINT NOT NULL DEFAULT 0,
    found BIGINT NOT NULL DEFAULT 0,
    note TEXT,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE INDEX discovery_scans_tenant_created ON discovery_scans (tenant_id, created_at)`,
  `CREATE TABLE discovery_candidates (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    address TEXT,
    mac TEXT,
    identity TEXT,
    version TEXT,
    platform TEXT,
    board TEXT,
    interface_name TEXT,
    ipv6 TEXT,
    uptime_s BIGINT,
    open_ports_json TEXT NOT NULL DEFAULT '[]',
    routeros TEXT,
    sources_json TEXT NOT NULL DEFAULT '[]',
    reported_by TEXT,
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'ignored', 'adopted')),
    device_id TEXT,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, key)
  )`,
]

export const migrationPg0025Discovery: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
