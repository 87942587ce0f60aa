// Notifications (issue 13): the default route and flood digests. A channel marked default takes
// every alert no other channel's route took (a tenant's first channel becomes it), so an alert
// reaches somebody without extra wiring. A message grouped into a flood digest points at the
// digest's row, so its outcome stays visible per alert. Indexes for the per-channel delivery log
// and the per-tenant flood count.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `ALTER TABLE alert_channels ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE alert_outbox ADD COLUMN digest_id TEXT`,
  `CREATE INDEX alert_outbox_tenant_channel ON alert_outbox (tenant_id, channel_id, created_at)`,
  `CREATE INDEX alert_outbox_tenant_created ON alert_outbox (tenant_id, created_at)`,
]

export const migration0014Notifications: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
