// PostgreSQL mirror of migrations/0014-notifications.ts (default channel, flood digests).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `ALTER TABLE alert_channels ADD COLUMN is_default BIGINT NOT NULL DEFAULT 0`,
  `ALTER TABLE alert_outbox ADD COLUMN digest_id TEXT`,
  `CREATE INDEX alert_outbox_tenant_channel ON alert_outbox (tenant_id, channel_id, created_at)`,
  `CREATE INDEX alert_outbox_tenant_created ON alert_outbox (tenant_id, created_at)`,
]

export const migrationPg0014Notifications: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
