// WireGuard overlay (issue 14): each tenant's address block, one overlay peer per device (its
// overlay address, public key once enrolled, the management address it had before) and the
// one-time enrollment URLs (only a SHA-256 of the token is stored). The appliance's own key pair
// lives in appliance_settings (`overlay_key`), its private half sealed under the master key.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE overlay_blocks (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    block INTEGER NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id)
  ) STRICT`,
  `CREATE TABLE overlay_peers (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    address TEXT NOT NULL UNIQUE,
    public_key TEXT UNIQUE,
    previous_host TEXT,
    enrolled_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE TABLE overlay_enrollments (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX overlay_enrollments_device ON overlay_enrollments (tenant_id, device_id)`,
]

export const migration0020Overlay: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
