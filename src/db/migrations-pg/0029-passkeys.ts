// PostgreSQL mirror of migrations/0029-passkeys.ts (passkey backed-up flag, WebAuthn challenges).
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `ALTER TABLE user_passkeys ADD COLUMN backed_up BIGINT NOT NULL DEFAULT 0`,
  `CREATE TABLE webauthn_challenges (
    challenge TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
  )`,
  `CREATE INDEX webauthn_challenges_expiry ON webauthn_challenges (expires_at)`,
]

export const migrationPg0029Passkeys: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, statements)
  },
}
