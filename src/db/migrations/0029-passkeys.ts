// Passkeys (issue 19): whether a passkey is synced (backed up) for the security page, and the
// WebAuthn challenges handed to browsers. A challenge is kept server-side with an expiry and spent
// once (used_at), so a replayed assertion is told apart from an unknown or expired one.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `ALTER TABLE user_passkeys ADD COLUMN backed_up INTEGER NOT NULL DEFAULT 0`,
  `CREATE TABLE webauthn_challenges (
    challenge TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  ) STRICT`,
  `CREATE INDEX webauthn_challenges_expiry ON webauthn_challenges (expires_at)`,
]

export const migration0029Passkeys: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
