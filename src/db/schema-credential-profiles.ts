// Table interfaces of migration 0022 (credential profiles: CREDENTIAL-PROFILES; device
// certificates and the appliance CA: CERTIFICATES). Merged into the Database interface by schema.ts.
import type { TenantId } from '../lib/ids.ts'
import type { Brand } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export type CredentialProfileId = Brand<string, 'CredentialProfileId'>

export interface CredentialProfilesTable {
  id: CredentialProfileId
  tenant_id: TenantId
  name: string
  username: string
  /** sealed with the tenant data key, bound to (tenant, profile, 'password') */
  password_enc: string
  created_at: number
  updated_at: number
}

/** Which devices follow a profile (their own sealed copy is re-sealed on each rotation). */
export interface DeviceCredentialProfilesTable {
  tenant_id: TenantId
  device_id: DeviceId
  profile_id: CredentialProfileId
}

/** The certificate the appliance CA issued for a device's API-SSL service. */
export interface DeviceCertificatesTable {
  tenant_id: TenantId
  device_id: DeviceId
  serial: string
  common_name: string
  /** SHA-256 of the DER, colon-separated hex */
  fingerprint: string
  cert_pem: string
  not_before: number
  not_after: number
  issued_at: number
  change_set_id: string | null
  /** why the last renewal attempt failed (null after a success) */
  last_error: string | null
}

/** The appliance's internal certificate authority (one row). */
export interface ApplianceCaTable {
  id: string
  cert_pem: string
  /** PKCS#8 private key, sealed under the appliance master key */
  key_enc: string
  not_after: number
  created_at: number
}

export interface CredentialProfileTables {
  credential_profiles: CredentialProfilesTable
  device_credential_profiles: DeviceCredentialProfilesTable
  device_certificates: DeviceCertificatesTable
}

export const credentialProfileTableNames = {
  credential_profiles: true,
  device_credential_profiles: true,
  device_certificates: true,
} as const satisfies Record<keyof CredentialProfileTables, true>
