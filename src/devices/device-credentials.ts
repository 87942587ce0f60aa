// Device credentials at rest: sealed with the tenant's data key, bound to (tenant, device, field).
// Plaintext exists only in memory while connecting; nothing here logs or returns it elsewhere.
import type { TenantScope } from '../db/tenant-scope.ts'
import { openSecret, sealSecret } from '../lib/secretbox.ts'
import { tenantDataKey } from '../lib/tenant-keys.ts'
import type { DeviceCredentials } from './device-connect.ts'
import { tenantKeyStore } from './tenant-keys.repo.ts'

export interface KeyDeps {
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: { now(): number }
}

/** The tenant's data key (created on first use, cached unwrapped in memory). */
export function dataKeyFor(deps: KeyDeps, scope: TenantScope): Promise<Uint8Array> {
  return tenantDataKey(deps.secrets.masterKey, scope.tenantId, tenantKeyStore(scope, () => deps.clock.now()))
}

export function sealUsername(key: Uint8Array, tenantId: string, deviceId: string, username: string): string {
  return sealSecret(key, username, { tenantId, rowId: deviceId, field: 'username' })
}

export function sealPassword(key: Uint8Array, tenantId: string, deviceId: string, password: string): string {
  return sealSecret(key, password, { tenantId, rowId: deviceId, field: 'password' })
}

/** Both sealed columns for a new device. */
export function sealCredentials(
  key: Uint8Array,
  tenantId: string,
  deviceId: string,
  creds: DeviceCredentials,
): { username_enc: string; password_enc: string } {
  return {
    username_enc: sealUsername(key, tenantId, deviceId, creds.username),
    password_enc: sealPassword(key, tenantId, deviceId, creds.password),
  }
}

/**
 * Decrypts a device's credentials for connecting (the poller calls this per connection).
 * Throws SecretboxError when a value was tampered with or moved from another row.
 * @example const creds = await deviceCredentials(deps, scope, deviceRow)
 */
export async function deviceCredentials(
  deps: KeyDeps,
  scope: TenantScope,
  device: { id: string; username_enc: string; password_enc: string },
): Promise<DeviceCredentials> {
  const key = await dataKeyFor(deps, scope)
  const ctx = { tenantId: scope.tenantId, rowId: device.id }
  return {
    username: openSecret(key, device.username_enc, { ...ctx, field: 'username' }),
    password: openSecret(key, device.password_enc, { ...ctx, field: 'password' }),
  }
}
