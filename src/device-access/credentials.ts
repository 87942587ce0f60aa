// Device credentials at rest: sealed with the tenant's data key, bound to (tenant, device, field)
// AND to the endpoint they were entered for (endpoint.ts): the endpoint digest is part of the
// AES-GCM associated data, so credentials opened for a changed host, port, transport, TLS mode or
// host key fail authentication instead of being sent there. Plaintext exists only in memory while
// connecting; nothing here logs or returns it elsewhere.
import type { TenantScope } from '../db/tenant-scope.ts'
import { openSecret, sealSecret, SecretboxError } from '../lib/secretbox.ts'
import type { KeyUseLog, KeyUseSubject } from '../lib/key-use.ts'
import { tenantDataKey } from '../lib/tenant-keys.ts'
import { CredentialsUnboundError } from './access-errors.ts'
import { replaceSealedCredentials } from './device-access.repo.ts'
import { endpointDigest, type DeviceEndpoint } from './endpoint.ts'
import { tenantKeyStore } from './tenant-keys.repo.ts'

/** The one credentials type: plaintext, in memory only. */
export interface DeviceCredentials {
  username: string
  password: string
}

export interface KeyDeps {
  readonly secrets: { readonly masterKey: Buffer }
  readonly clock: { now(): number }
  /** counts decryptions for the key-use log (issue 19); absent in a few low-level tests */
  readonly keyUse?: KeyUseLog | undefined
}

/** A device row as far as its sealed credentials are concerned. */
export interface SealedDevice extends DeviceEndpoint {
  id: string
  username_enc: string
  password_enc: string
  /** set by migration 0004 on credentials sealed before endpoint binding (see openCredentials) */
  credentials_legacy_digest: string | null
}

export interface SealedColumns {
  username_enc: string
  password_enc: string
  credentials_legacy_digest: null
}

/** The tenant's data key (created on first use, cached unwrapped in memory). */
export function dataKeyFor(deps: KeyDeps, scope: TenantScope): Promise<Uint8Array> {
  return tenantDataKey(
    deps.secrets.masterKey,
    scope.tenantId,
    tenantKeyStore(scope, () => deps.clock.now()),
  )
}

/**
 * The tenant's data key for DECRYPTING something: the use is counted in the key-use log with its
 * purpose, subject and the acting user or job (src/lib/key-use.ts). Sealing uses dataKeyFor.
 * @example const key = await openingKeyFor(deps, scope, 'backup-view', { type: 'backup', id, label })
 */
export async function openingKeyFor(
  deps: KeyDeps,
  scope: TenantScope,
  purpose: string,
  subject: KeyUseSubject,
): Promise<Uint8Array> {
  const key = await dataKeyFor(deps, scope)
  deps.keyUse?.record({ tenantId: scope.tenantId, purpose, subject, at: deps.clock.now() })
  return key
}

const bound = (tenantId: string, deviceId: string, field: string, endpoint: DeviceEndpoint) => ({
  tenantId,
  rowId: deviceId,
  field: `${field}@${endpointDigest(endpoint)}`,
})

/**
 * Both sealed columns, bound to `endpoint` (the settings the device row will have).
 * @example const cols = sealCredentials(key, tenantId, id, { username: 'admin', password: '' }, row)
 */
export function sealCredentials(
  key: Uint8Array,
  tenantId: string,
  deviceId: string,
  creds: DeviceCredentials,
  endpoint: DeviceEndpoint,
): SealedColumns {
  return {
    username_enc: sealSecret(key, creds.username, bound(tenantId, deviceId, 'username', endpoint)),
    password_enc: sealSecret(key, creds.password, bound(tenantId, deviceId, 'password', endpoint)),
    credentials_legacy_digest: null,
  }
}

function openBound(key: Uint8Array, tenantId: string, d: SealedDevice): DeviceCredentials {
  try {
    return {
      username: openSecret(key, d.username_enc, bound(tenantId, d.id, 'username', d)),
      password: openSecret(key, d.password_enc, bound(tenantId, d.id, 'password', d)),
    }
  } catch (err) {
    if (err instanceof SecretboxError) throw new CredentialsUnboundError({ cause: err })
    throw err
  }
}

/**
 * Credentials sealed before migration 0004 carry no endpoint. The migration recorded the digest of
 * the endpoint they were stored with; they open only while the device still has exactly that
 * endpoint, and are then sealed again with the binding (so this path runs once per device).
 */
async function openLegacy(
  key: Uint8Array,
  scope: TenantScope,
  d: SealedDevice,
): Promise<DeviceCredentials> {
  if (d.credentials_legacy_digest !== endpointDigest(d)) throw new CredentialsUnboundError()
  const ctx = { tenantId: scope.tenantId, rowId: d.id }
  const creds = {
    username: openSecret(key, d.username_enc, { ...ctx, field: 'username' }),
    password: openSecret(key, d.password_enc, { ...ctx, field: 'password' }),
  }
  await replaceSealedCredentials(
    scope,
    d.id,
    d.username_enc,
    sealCredentials(key, scope.tenantId, d.id, creds, d),
  )
  return creds
}

/**
 * Decrypts a device's credentials for connecting to the endpoint of that same row. Throws
 * CredentialsUnboundError when they were sealed for another endpoint, SecretboxError when a value
 * was tampered with or moved from another row.
 * `purpose` names why, for the key-use log ('poll', 'check', 'ssh', 'change', …).
 * @example const creds = await openCredentials(deps, scope, deviceRow, 'check')
 */
export async function openCredentials(
  deps: KeyDeps,
  scope: TenantScope,
  device: SealedDevice,
  purpose = 'device-access',
): Promise<DeviceCredentials> {
  const subject = { type: 'device' as const, id: device.id, label: device.host }
  const key = await openingKeyFor(deps, scope, purpose, subject)
  if (device.credentials_legacy_digest !== null) return openLegacy(key, scope, device)
  return openBound(key, scope.tenantId, device)
}
