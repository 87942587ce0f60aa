// Accounts and privacy (issue 19): an e-mail address per user (password reset links), single-use
// reset tokens (SHA-256 only), WebAuthn passkeys, the key-use log (one row per tenant, hour,
// purpose, subject and actor with a count, so polling does not flood it) and the receipts of
// deleted accounts. The appliance-wide "system mail" SMTP settings live in appliance_settings.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `ALTER TABLE users ADD COLUMN email TEXT`,
  `CREATE TABLE password_reset_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  ) STRICT`,
  `CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id, created_at)`,
  `CREATE TABLE user_passkeys (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL,
    counter INTEGER NOT NULL DEFAULT 0,
    transports TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
  ) STRICT`,
  `CREATE INDEX user_passkeys_user ON user_passkeys (user_id)`,
  `CREATE TABLE key_use_events (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hour INTEGER NOT NULL,
    key_name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_label TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, hour, purpose, subject_type, subject_id, actor_kind, actor_id)
  ) STRICT`,
  `CREATE INDEX key_use_events_time ON key_use_events (tenant_id, hour)`,
  `CREATE TABLE account_deletions (
    id TEXT PRIMARY KEY NOT NULL,
    pseudonym TEXT NOT NULL,
    deleted_at INTEGER NOT NULL,
    deleted_by TEXT NOT NULL,
    receipt_json TEXT NOT NULL,
    receipt_hash TEXT NOT NULL
  ) STRICT`,
]

export const migration0028Privacy: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
