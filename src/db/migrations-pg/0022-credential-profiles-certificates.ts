// PostgreSQL mirror of migrations/0022-credential-profiles-certificates.ts. The profile name is
// case-sensitive text with a case-insensitive UNIQUE (SQLite: `name COLLATE NOCASE` in the
// constraint), so here a unique index over name::citext.
import type { Kysely, Migration } from 'kysely'
import { runStatements } from './run.ts'

const statements = [
  `CREATE TABLE credential_profiles (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    password_enc TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, id)
  )`,
  `CREATE UNIQUE INDEX credential_profiles_tenant_name ON credential_profiles (tenant_id, (name::citext))`,
  `CREATE TABLE device_credential_profiles (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, profile_id) REFERENCES credential_profiles (tenant_id, id)
  )`,
  `CREATE INDEX device_credential_profiles_profile
    ON device_credential_profiles (tenant_id, profile_id)`,
  `CREATE TABLE device_certificates (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    serial TEXT NOT NULL,
    common_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    cert_pem TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    change_set_id TEXT,
    last_error TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX device_certificates_not_after ON device_certificates (not_after)`,
  `CREATE TABLE appliance_ca (
    id TEXT NOT NULL PRIMARY KEY,
    cert_pem TEXT NOT NULL,
    key_enc TEXT NOT NULL,
    not_after BIGINT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
]

export const migrationPg0022CredentialProfilesCertificates: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await runStatements(db, statements)
  },
}
