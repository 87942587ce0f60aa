import { hkdfSync, randomBytes } from 'node:crypto'
import { openSecret, sealSecret, SecretboxError } from './secretbox.ts'

/**
 * Per-tenant data keys (envelope encryption).
 *
 * Each tenant gets a random 32-byte data key that encrypts its device credentials. The data key
 * is stored only wrapped (AES-256-GCM) under a key derived from the appliance master key, with
 * the tenant id as associated data, so a wrapped key copied to another tenant fails to unwrap.
 * Rotating the master key re-wraps a few rows instead of re-encrypting every credential.
 * Unwrapped keys live only in this process's memory.
 *
 * @example
 * const key = await tenantDataKey(deps.secrets.masterKey, tenantId, store)
 * const sealed = sealSecret(key, password, { tenantId, rowId: deviceId, field: 'password' })
 */

/** Where wrapped keys are persisted (the devices repo implements it on tenant_keys). */
export interface WrappedKeyStore {
  /** The tenant's wrapped key, if one exists. */
  load(tenantId: string): Promise<string | undefined>
  /** Stores `wrapped` unless the tenant already has a key; returns the key that is stored. */
  insertIfAbsent(tenantId: string, wrapped: string): Promise<string>
}

const WRAP_INFO = 'outpost tenant data key wrap v1'
const wrapKeys = new WeakMap<Uint8Array, Uint8Array>()
const caches = new WeakMap<Uint8Array, Map<string, Uint8Array>>()

function wrappingKey(masterKey: Uint8Array): Uint8Array {
  let key = wrapKeys.get(masterKey)
  if (!key) {
    if (masterKey.length < 32) throw new SecretboxError('master key must be at least 32 bytes')
    // HKDF gives a dedicated key for wrapping, whatever else the master key is used for.
    key = new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), WRAP_INFO, 32))
    wrapKeys.set(masterKey, key)
  }
  return key
}

function wrapContext(tenantId: string) {
  return { tenantId, rowId: tenantId, field: 'tenant_data_key' }
}

/** Wraps a data key for storage. */
export function wrapDataKey(masterKey: Uint8Array, tenantId: string, dataKey: Uint8Array): string {
  const encoded = Buffer.from(dataKey).toString('base64')
  return sealSecret(wrappingKey(masterKey), encoded, wrapContext(tenantId))
}

/** Unwraps a stored data key; throws SecretboxError when the master key or tenant don't match. */
export function unwrapDataKey(
  masterKey: Uint8Array,
  tenantId: string,
  wrapped: string,
): Uint8Array {
  const encoded = openSecret(wrappingKey(masterKey), wrapped, wrapContext(tenantId))
  const key = new Uint8Array(Buffer.from(encoded, 'base64'))
  if (key.length !== 32) throw new SecretboxError('unwrapped data key has the wrong length')
  return key
}

function cacheFor(masterKey: Uint8Array): Map<string, Uint8Array> {
  let cache = caches.get(masterKey)
  if (!cache) {
    cache = new Map()
    caches.set(masterKey, cache)
  }
  return cache
}

/** Returns the tenant's data key, creating and storing a wrapped one on first use. */
export async function tenantDataKey(
  masterKey: Uint8Array,
  tenantId: string,
  store: WrappedKeyStore,
): Promise<Uint8Array> {
  const cache = cacheFor(masterKey)
  const cached = cache.get(tenantId)
  if (cached) return cached
  let wrapped = await store.load(tenantId)
  if (wrapped === undefined) {
    const fresh = new Uint8Array(randomBytes(32))
    wrapped = await store.insertIfAbsent(tenantId, wrapDataKey(masterKey, tenantId, fresh))
  }
  const key = unwrapDataKey(masterKey, tenantId, wrapped)
  cache.set(tenantId, key)
  return key
}

/** Drops a cached key (tenant deleted or key rotated). */
export function forgetTenantKey(masterKey: Uint8Array, tenantId: string): void {
  caches.get(masterKey)?.delete(tenantId)
}
