// PostgreSQL mirror of migrations/0024-user-time-zone.ts.
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

export const migrationPg0024UserTimeZone: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, [`ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'`])
  },
}
