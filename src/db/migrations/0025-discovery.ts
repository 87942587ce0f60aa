// Discovery and adoption (issue 18).
// - discovery_ranges (global): the IPv4 ranges each tenant has scanned. A range belongs to one
//   tenant and is never shared: a scan overlapping another tenant's range is refused, and an MNDP
//   announcement is shown only to the tenant whose range holds its sender. Global because the
//   overlap check has to see every tenant's ranges; it exposes only "taken", never by whom.
// - discovery_sightings (global): what the appliance heard over MNDP, one row per MAC and sender
//   address; the appliance hears its segments for no tenant in particular.
// - discovery_scans: one row per subnet scan (the job), with counters for live progress.
// - discovery_candidates: the tenant's adoption queue, one row per address (or MAC when a
//   neighbour reported none), with what was found and how; adopted rows keep the device id.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE discovery_ranges (
    id TEXT NOT NULL PRIMARY KEY,
    owner_tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    first_ip INTEGER NOT NULL,
    last_ip INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (owner_tenant_id, cidr)
  ) STRICT`,
  `CREATE INDEX discovery_ranges_first ON discovery_ranges (first_ip, last_ip)`,
  `CREATE TABLE discovery_sightings (
    id TEXT NOT NULL PRIMARY KEY,
    mac TEXT NOT NULL,
    address TEXT NOT NULL,
    address_int INTEGER NOT NULL,
    identity TEXT,
    version TEXT,
    platform TEXT,
    board TEXT,
    software_id TEXT,
    interface_name TEXT,
    announced_ipv4 TEXT,
    ipv6 TEXT,
    uptime_s INTEGER,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    UNIQUE (mac, address)
  ) STRICT`,
  `CREATE INDEX discovery_sightings_address ON discovery_sightings (address_int)`,
  `CREATE TABLE discovery_scans (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    cidr TEXT NOT NULL,
    first_ip INTEGER NOT NULL,
    last_ip INTEGER NOT NULL,
    ports_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    total INTEGER NOT NULL,
    probed INTEGER NOT NULL DEFAULT 0,
    found INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created_by_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    UNIQUE (tenant_id, id)
  ) STRICT`,
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
    uptime_s INTEGER,
    open_ports_json TEXT NOT NULL DEFAULT '[]',
    routeros TEXT,
    sources_json TEXT NOT NULL DEFAULT '[]',
    reported_by TEXT,
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'ignored', 'adopted')),
    device_id TEXT,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, key)
  ) STRICT`,
]

export const migration0025Discovery: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
