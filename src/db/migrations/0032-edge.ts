// Edge appliances (issue 20). Central side: `edges` (one registration per edge: the one-time
// token's hash, then the long-lived credential's hash, the last applied batch sequence and what
// the edge last reported) and `edge_changes` (change sets queued for an edge device, pulled and
// reported back by the edge). `devices.edge_id` marks a device that lives behind an edge: the
// central poller and backup schedule skip it. Edge side: `edge_links` (the registration with the
// central, credential sealed with the tenant data key) and `edge_outbox` (what is still to be
// forwarded, in `seq` order, deleted once acknowledged).
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE edges (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_expires_at INTEGER NOT NULL,
    secret_hash TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    registered_at INTEGER,
    revoked_at INTEGER,
    last_contact_at INTEGER,
    last_seq INTEGER NOT NULL DEFAULT 0,
    backlog INTEGER NOT NULL DEFAULT 0,
    version TEXT,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE INDEX edges_tenant ON edges (tenant_id, created_at)`,
  `CREATE TABLE edge_changes (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    edge_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    change_id TEXT NOT NULL,
    request_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'done')),
    result_json TEXT,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER,
    finished_at INTEGER,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, edge_id) REFERENCES edges (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX edge_changes_queue ON edge_changes (tenant_id, edge_id, state, created_at)`,
  `ALTER TABLE devices ADD COLUMN edge_id TEXT`,
  `CREATE INDEX devices_edge ON devices (tenant_id, edge_id)`,
  `CREATE TABLE edge_links (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    central_url TEXT NOT NULL,
    edge_id TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    tls_fingerprint TEXT,
    registered_at INTEGER NOT NULL,
    acked_seq INTEGER NOT NULL DEFAULT 0,
    last_success_at INTEGER,
    last_attempt_at INTEGER,
    last_error TEXT,
    UNIQUE (tenant_id, id)
  ) STRICT`,
  `CREATE TABLE edge_outbox (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    payload_json TEXT NOT NULL
  ) STRICT`,
]

export const migration0032Edge: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
