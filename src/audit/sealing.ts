// Sealed audit details (issue 19): each entry's details are encrypted (AES-256-GCM, secretbox)
// with a per-tenant audit key derived from the master key; appliance-wide entries use a global one.
//
// Why derived and not the tenant's stored data key (tenant_keys): audit entries outlive their
// tenant (no FK), but tenant_keys rows are deleted with the tenant. Sealing with the stored key
// would make a deleted tenant's audit content unreadable and break the `tenant.delete` entry
// itself (written after the tenant row, it would have to create a key for a tenant that no longer
// exists). HKDF with a distinct info label per tenant still gives every tenant its own key, needs
// no database read inside the audit transaction, and works for the startup sealing step.
//
// recordAudit only gets a GlobalDb handle, so the key is found through the database it writes to:
// createDeps registers the master key for its Kysely root, keyed by the dialect adapter, which
// every handle derived from that root (plugins, transactions) shares.
import { hkdfSync } from 'node:crypto'
import type { Kysely } from 'kysely'
import { sha256Hex } from '../lib/crypto.ts'
import { openSecret, sealSecret, SecretboxError } from '../lib/secretbox.ts'

const INFO = 'outpost audit details v1'
const GLOBAL_CONTEXT = '-'

/** The keys that seal and open audit details of one database. */
export class AuditKeys {
  readonly #masterKey: Uint8Array
  readonly #cache = new Map<string, Uint8Array>()
  constructor(masterKey: Uint8Array) {
    if (masterKey.length < 32) throw new SecretboxError('master key must be at least 32 bytes')
    this.#masterKey = masterKey
  }

  #key(tenantId: string | null): Uint8Array {
    const label = tenantId === null ? `${INFO} global` : `${INFO} tenant ${tenantId}`
    let key = this.#cache.get(label)
    if (!key) {
      key = new Uint8Array(hkdfSync('sha256', this.#masterKey, new Uint8Array(0), label, 32))
      this.#cache.set(label, key)
    }
    return key
  }

  /** The sealed form of `detailsJson` for entry `seq` (the seq binds it to its row). */
  seal(tenantId: string | null, seq: number, detailsJson: string): string {
    return sealSecret(this.#key(tenantId), detailsJson, context(tenantId, seq))
  }

  /** The details JSON; throws SecretboxError on a wrong key, another row's blob or garbling. */
  open(tenantId: string | null, seq: number, sealed: string): string {
    return openSecret(this.#key(tenantId), sealed, context(tenantId, seq))
  }
}

function context(tenantId: string | null, seq: number) {
  return { tenantId: tenantId ?? GLOBAL_CONTEXT, rowId: String(seq), field: 'audit_details' }
}

/** SHA-256 of the sealed blob: what the chain hash covers (see chain.ts). */
export function detailsDigest(sealed: string): string {
  return sha256Hex(sealed)
}

type AnyKysely = Pick<Kysely<never>, 'getExecutor'>
const registry = new WeakMap<object, AuditKeys>()

function rootOf(db: AnyKysely): object {
  return db.getExecutor().adapter
}

/** Makes recordAudit and the audit readers on `db` (and every handle derived from it) use `keys`. */
export function registerAuditKeys(db: AnyKysely, keys: AuditKeys): void {
  registry.set(rootOf(db), keys)
}

/** The registered keys of `db`'s database, or undefined (a key-less tool such as audit:verify). */
export function auditKeysOf(db: AnyKysely): AuditKeys | undefined {
  return registry.get(rootOf(db))
}

/** Like auditKeysOf, but a database without keys is a programming error for writers. */
export function requireAuditKeys(db: AnyKysely): AuditKeys {
  const keys = auditKeysOf(db)
  if (!keys) throw new Error('audit details cannot be sealed: no audit keys for this database')
  return keys
}

/** Shown instead of details that cannot be opened (no keys, wrong key, erased). */
export const UNREADABLE_DETAILS = Object.freeze({
  noKeys: '{"sealed":"details are sealed; no key on this process"}',
  broken: '{"sealed":"details do not open with this appliance key"}',
  erased: '{"erased":"details removed with a deleted account"}',
})

/** The details JSON of one stored row as readers show it; never throws. */
export function openDetails(
  keys: AuditKeys | undefined,
  row: {
    seq: number
    tenant_id: string | null
    details_sealed: string | null
    details_json: string
  },
  chainVersion: number,
): string {
  if (chainVersion === 1) return row.details_json
  if (row.details_sealed === null) return UNREADABLE_DETAILS.erased
  if (!keys) return UNREADABLE_DETAILS.noKeys
  try {
    return keys.open(row.tenant_id, row.seq, row.details_sealed)
  } catch (err) {
    if (err instanceof SecretboxError) return UNREADABLE_DETAILS.broken
    throw err
  }
}
