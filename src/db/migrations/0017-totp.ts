// TOTP second factor (issue 17): one authenticator secret per user (sealed with a key derived
// from the master key; unconfirmed until the user types a code from it), their ten single-use
// recovery codes (SHA-256 only), and the tenant's "require a second factor" switch. The
// appliance-wide switch is the appliance_settings key `require_second_factor`.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE user_second_factors (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT -1
  ) STRICT`,
  `CREATE TABLE user_recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER
  ) STRICT`,
  `CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id, code_hash)`,
  `ALTER TABLE tenants ADD COLUMN require_second_factor INTEGER NOT NULL DEFAULT 0`,
]

export const migration0017Totp: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
