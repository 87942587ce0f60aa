// PostgreSQL twin of migrations/0032-edge.ts (issue 20, edge appliances): the same tables and
// columns; epoch milliseconds as BIGINT, the outbox sequence as an identity column.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE edges (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_expires_at BIGINT NOT NULL,
    secret_hash TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    registered_at BIGINT,
    revoked_at BIGINT,
    last_contact_at BIGINT,
    last_seq BIGINT NOT NULL DEFAULT 0,
    backlog BIGINT NOT NULL DEFAULT 0,
    version TEXT,
    UNIQUE (tenant_id, id)
  )`,
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
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    finished_at BIGINT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, edge_id) REFERENCES edges (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
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
    registered_at BIGINT NOT NULL,
    acked_seq BIGINT NOT NULL DEFAULT 0,
    last_success_at BIGINT,
    last_attempt_at BIGINT,
    last_error TEXT,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE TABLE edge_outbox (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    device_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    payload_json TEXT NOT NULL
  )`,
]

export const migrationPg0032Edge: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
