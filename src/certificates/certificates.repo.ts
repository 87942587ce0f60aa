// The certificate Outpost's CA issued for each device (one row per device, replaced on renewal).
import type { Selectable } from 'kysely'
import type { DeviceCertificatesTable } from '../db/schema-credential-profiles.ts'
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'

export type CertificateRow = Selectable<DeviceCertificatesTable>

export function findDeviceCertificate(
  scope: TenantScope,
  deviceId: string,
): Promise<CertificateRow | undefined> {
  return scope
    .selectFrom('device_certificates')
    .selectAll()
    .where('device_id', '=', deviceId as DeviceId)
    .executeTakeFirst()
}

export async function saveDeviceCertificate(
  scope: TenantScope,
  row: Omit<CertificateRow, 'tenant_id'>,
): Promise<void> {
  await scope.deleteFrom('device_certificates').where('device_id', '=', row.device_id).execute()
  await scope.insertInto('device_certificates', row).execute()
}

export async function noteRenewalError(
  scope: TenantScope,
  deviceId: string,
  message: string,
): Promise<void> {
  await scope
    .updateTable('device_certificates')
    .set({ last_error: message })
    .where('device_id', '=', deviceId as DeviceId)
    .execute()
}

/** Devices whose certificate ends before `before` (renewal candidates), at most `limit`. */
export async function listExpiring(
  scope: TenantScope,
  before: number,
  limit: number,
): Promise<string[]> {
  const rows = await scope
    .selectFrom('device_certificates')
    .select('device_id')
    .where('not_after', '<', before)
    .orderBy('not_after')
    .limit(limit)
    .execute()
  return rows.map((r) => r.device_id)
}

/** The device row (settings and sealed credentials) a certificate is issued for. */
export function findDevice(scope: TenantScope, deviceId: string) {
  return scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirst()
}

/** Switches the device to its verified API-SSL endpoint (settings plus credentials sealed for it). */
export async function switchDeviceTls(
  scope: TenantScope,
  deviceId: string,
  patch: {
    transport: 'api-ssl'
    api_port: number
    tls_mode: 'verify'
    tls_ca_pem: string
    tls_fingerprint: null
    updated_at: number
    username_enc?: string
    password_enc?: string
    credentials_legacy_digest?: null
  },
): Promise<void> {
  await scope
    .updateTable('devices')
    .set(patch)
    .where('id', '=', deviceId as DeviceId)
    .execute()
}
