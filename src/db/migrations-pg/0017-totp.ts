// PostgreSQL mirror of migrations/0017-totp.ts (second factor, recovery codes, tenant switch).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE user_second_factors (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT -1
  )`,
  `CREATE TABLE user_recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
  )`,
  `CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id, code_hash)`,
  `ALTER TABLE tenants ADD COLUMN require_second_factor BIGINT NOT NULL DEFAULT 0`,
]

export const migrationPg0017Totp: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
