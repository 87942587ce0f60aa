// PostgreSQL mirror of migrations/0004-device-access.ts: the two device columns, the legacy
// endpoint digest of existing devices (same frozen function), and 'host_key_changed' added to
// the device_events kinds in place (SQLite rebuilds the table for a CHECK).
import { sql, type Kysely, type Migration } from 'kysely'
import { endpointDigestV1 } from '../migrations/0004-device-access.ts'
import { replaceEventKinds } from './run.ts'

type EndpointRow = Parameters<typeof endpointDigestV1>[0] & { id: string }

export const migrationPg0004DeviceAccess: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE devices ADD COLUMN ssh_host_key_pending TEXT`.execute(db)
    await sql`ALTER TABLE devices ADD COLUMN credentials_legacy_digest TEXT`.execute(db)
    // a data step: under row-level security it must see every tenant's devices
    await sql`SELECT set_config('outpost.scope', 'global', true)`.execute(db)
    const rows =
      await sql<EndpointRow>`SELECT id, host::text AS host, host2, api_port::integer AS api_port,
      transport, tls_mode, tls_fingerprint, tls_ca_pem, ssh_port::integer AS ssh_port, ssh_host_key
      FROM devices`.execute(db)
    for (const r of rows.rows) {
      await sql`UPDATE devices SET credentials_legacy_digest = ${endpointDigestV1(r)} WHERE id = ${r.id}`.execute(
        db,
      )
    }
    await sql
      .raw(
        replaceEventKinds([
          'came_online',
          'went_offline',
          'auth_failed',
          'rebooted',
          'version_changed',
          'identity_changed',
          'host_key_changed',
        ]),
      )
      .execute(db)
  },
}
