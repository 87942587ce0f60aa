// Device access (issue 7 + 9): credentials bound to their endpoint, SSH host-key changes.
// - devices.credentials_legacy_digest: the endpoint digest of every existing device, so its
//   credentials (sealed before the binding existed) open only while the endpoint is unchanged and
//   are re-sealed with the binding on first use (src/device-access/credentials.ts).
// - devices.ssh_host_key_pending: the key a device offered instead of the pinned one, for an
//   admin to accept on the device page.
// - device_events gains the 'host_key_changed' kind (SQLite cannot alter a CHECK: rebuild).
import { createHash } from 'node:crypto'
import { sql, type Kysely, type Migration } from 'kysely'

interface EndpointRow {
  id: string
  host: string
  host2: string | null
  api_port: number
  transport: string
  tls_mode: string
  tls_fingerprint: string | null
  tls_ca_pem: string | null
  ssh_port: number
  ssh_host_key: string | null
}

/** Frozen copy of endpointDigest v1 (src/device-access/endpoint.ts); a unit test keeps them equal. */
export function endpointDigestV1(e: Omit<EndpointRow, 'id'>): string {
  const tls = e.transport === 'api-ssl'
  const host = e.host.trim().toLowerCase()
  const host2 = e.host2?.trim().toLowerCase() || null
  const values = [
    host,
    host2 === host ? null : host2,
    e.api_port,
    e.transport,
    tls ? e.tls_mode : null,
    tls && e.tls_mode === 'pin' ? (e.tls_fingerprint ?? '').replace(/:/g, '').toLowerCase() : null,
    tls && e.tls_mode === 'verify' ? (e.tls_ca_pem ?? '').trim() : null,
    e.ssh_port,
    e.ssh_host_key?.trim() || null,
  ]
  return createHash('sha256')
    .update(JSON.stringify(['outpost-endpoint', 1, ...values]))
    .digest('base64url')
}

const events = [
  `CREATE TABLE device_events_new (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('came_online', 'went_offline', 'auth_failed', 'rebooted',
      'version_changed', 'identity_changed', 'host_key_changed')),
    message TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `INSERT INTO device_events_new (id, tenant_id, device_id, at, kind, message)
    SELECT id, tenant_id, device_id, at, kind, message FROM device_events`,
  `DROP TABLE device_events`,
  `ALTER TABLE device_events_new RENAME TO device_events`,
  `CREATE INDEX device_events_tenant_at ON device_events (tenant_id, at)`,
  `CREATE INDEX device_events_tenant_device_at ON device_events (tenant_id, device_id, at)`,
]

export const migration0004DeviceAccess: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE devices ADD COLUMN ssh_host_key_pending TEXT`.execute(db)
    await sql`ALTER TABLE devices ADD COLUMN credentials_legacy_digest TEXT`.execute(db)
    const rows =
      await sql<EndpointRow>`SELECT id, host, host2, api_port, transport, tls_mode, tls_fingerprint,
      tls_ca_pem, ssh_port, ssh_host_key FROM devices`.execute(db)
    for (const r of rows.rows) {
      await sql`UPDATE devices SET credentials_legacy_digest = ${endpointDigestV1(r)} WHERE id = ${r.id}`.execute(
        db,
      )
    }
    for (const s of events) await sql.raw(s).execute(db)
  },
}
