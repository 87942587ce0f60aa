// Several pollers (issue 20), PostgreSQL: the mirror of migrations/0031-cluster.ts (same tables,
// columns and indexes; BIGINT for epoch-ms times, INTEGER for small counts). src/cluster claims
// device leases with SELECT … FOR UPDATE SKIP LOCKED and decides expiry with the server's clock.
// Registered in the PostgreSQL migration list (migrations-pg/index.ts) as '0031-cluster'.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE cluster_nodes (
    id TEXT PRIMARY KEY NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    version TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    clock_offset_ms BIGINT NOT NULL DEFAULT 0,
    stopped_at BIGINT
  )`,
  `CREATE INDEX cluster_nodes_heartbeat ON cluster_nodes (heartbeat_at)`,
  `CREATE TABLE device_leases (
    device_id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    node_id TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0,
    epoch BIGINT NOT NULL DEFAULT 0,
    acquired_at BIGINT
  )`,
  `CREATE INDEX device_leases_node ON device_leases (node_id)`,
  `CREATE INDEX device_leases_until ON device_leases (lease_until)`,
  `CREATE TABLE work_claims (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    node_id TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    done_at BIGINT,
    PRIMARY KEY (kind, key)
  )`,
  `CREATE INDEX work_claims_done ON work_claims (done_at)`,
]

export const migrationPg0031Cluster: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
