// Several pollers (issue 20): cluster membership, device leases and one-time work claims. Only a
// PostgreSQL deployment with several processes uses them (src/cluster); they exist on SQLite too so
// both dialects have the same schema. Global tables: the cluster code works across tenants, and a
// lease outlives nothing it points at (a deleted device's lease is pruned by the lease round).
// Times are epoch ms of the database server's clock, never of a process.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE cluster_nodes (
    id TEXT PRIMARY KEY NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    version TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    clock_offset_ms INTEGER NOT NULL DEFAULT 0,
    stopped_at INTEGER
  ) STRICT`,
  `CREATE INDEX cluster_nodes_heartbeat ON cluster_nodes (heartbeat_at)`,
  `CREATE TABLE device_leases (
    device_id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    node_id TEXT,
    lease_until INTEGER NOT NULL DEFAULT 0,
    epoch INTEGER NOT NULL DEFAULT 0,
    acquired_at INTEGER
  ) STRICT`,
  `CREATE INDEX device_leases_node ON device_leases (node_id)`,
  `CREATE INDEX device_leases_until ON device_leases (lease_until)`,
  `CREATE TABLE work_claims (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    node_id TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    done_at INTEGER,
    PRIMARY KEY (kind, key)
  ) STRICT`,
  `CREATE INDEX work_claims_done ON work_claims (done_at)`,
]

export const migration0031Cluster: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
