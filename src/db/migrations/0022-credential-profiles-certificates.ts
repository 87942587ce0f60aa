// Credential profiles and device certificates (issues 15 and 14).
// - credential_profiles: named user/password sets per tenant; the password is sealed with the
//   tenant data key (bound to the profile row). Devices keep their own sealed copy, bound to their
//   endpoint as always (device-access), so the credential-binding rule holds unchanged; the link
//   table says which devices follow a profile, and a rotation re-seals those copies in one go.
//   Deleting a profile that devices still follow is refused by the foreign key (RESTRICT).
// - device_certificates: the certificate Outpost's internal CA issued for a device's API-SSL.
// - appliance_ca: the one CA per appliance; its private key sealed under the master key.
import { sql, type Kysely, type Migration } from 'kysely'

const statements = [
  `CREATE TABLE credential_profiles (
    id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    password_enc TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, name COLLATE NOCASE)
  ) STRICT`,
  `CREATE TABLE device_credential_profiles (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, profile_id) REFERENCES credential_profiles (tenant_id, id)
  ) STRICT`,
  `CREATE INDEX device_credential_profiles_profile
    ON device_credential_profiles (tenant_id, profile_id)`,
  `CREATE TABLE device_certificates (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    serial TEXT NOT NULL,
    common_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    cert_pem TEXT NOT NULL,
    not_before INTEGER NOT NULL,
    not_after INTEGER NOT NULL,
    issued_at INTEGER NOT NULL,
    change_set_id TEXT,
    last_error TEXT,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
  ) STRICT`,
  `CREATE INDEX device_certificates_not_after ON device_certificates (not_after)`,
  `CREATE TABLE appliance_ca (
    id TEXT NOT NULL PRIMARY KEY,
    cert_pem TEXT NOT NULL,
    key_enc TEXT NOT NULL,
    not_after INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT`,
]

export const migration0022CredentialProfilesCertificates: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of statements) await sql.raw(s).execute(db)
  },
}
