// The audit hash chain: hash = sha256(prev_hash + canonical JSON of the entry). Canonical JSON
// (sorted keys, no whitespace) makes the hash independent of property order, so verification
// recomputes exactly what was written.
//
// v1 (before issue 19) hashed every column in clear. v2 hashes the sealed details (through their
// digest) and, instead of the identity columns, a salted digest of them: erasing a deleted
// user's identity replaces the columns and drops the salt, and the chain still verifies.
import { sha256Hex } from '../lib/crypto.ts'

/** prev_hash of the very first entry */
export const GENESIS_HASH = '0'.repeat(64)

/** The hashed fields of one v1 entry: every column except `hash` itself. */
export interface ChainedEntry {
  seq: number
  at: number
  tenant_id: string | null
  actor_kind: string
  actor_id: string | null
  actor_name: string
  ip: string | null
  action: string
  target_type: string | null
  target_id: string | null
  target_label: string | null
  outcome: string
  details_json: string
  prev_hash: string
}

/** JSON with object keys sorted at every depth and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value)
    return json === undefined ? 'null' : json
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** Pick exactly the chained fields, so extra properties of a row never change the hash. */
function chainedFields(e: ChainedEntry): ChainedEntry {
  return {
    seq: e.seq,
    at: e.at,
    tenant_id: e.tenant_id,
    actor_kind: e.actor_kind,
    actor_id: e.actor_id,
    actor_name: e.actor_name,
    ip: e.ip,
    action: e.action,
    target_type: e.target_type,
    target_id: e.target_id,
    target_label: e.target_label,
    outcome: e.outcome,
    details_json: e.details_json,
    prev_hash: e.prev_hash,
  }
}

/** The hash of one v1 entry, chained to its predecessor through `prev_hash`. */
export function entryHash(entry: ChainedEntry): string {
  return sha256Hex(entry.prev_hash + canonicalJson(chainedFields(entry)))
}

/** The columns a v2 entry hashes directly (in clear, for filtering) or through a digest. */
export interface ChainedEntryV2 {
  seq: number
  at: number
  tenant_id: string | null
  actor_kind: string
  action: string
  target_type: string | null
  target_id: string | null
  outcome: string
  /** sha256 of details_sealed */
  details_digest: string | null
  /** sha256(salt ‖ identity columns), see identityDigest */
  identity_digest: string | null
  prev_hash: string
}

/** The identity columns of an entry: what erasure may replace. */
export interface EntryIdentity {
  actor_id: string | null
  actor_name: string
  ip: string | null
  target_label: string | null
}

/** Salted, so a known user name cannot be confirmed against an erased entry's digest. */
export function identityDigest(salt: string, identity: EntryIdentity): string {
  const { actor_id, actor_name, ip, target_label } = identity
  return sha256Hex(salt + canonicalJson([actor_id, actor_name, ip, target_label]))
}

/** The hash of one v2 entry. */
export function entryHashV2(e: ChainedEntryV2): string {
  const fields = {
    v: 2,
    seq: e.seq,
    at: e.at,
    tenant_id: e.tenant_id,
    actor_kind: e.actor_kind,
    action: e.action,
    target_type: e.target_type,
    target_id: e.target_id,
    outcome: e.outcome,
    details_digest: e.details_digest,
    identity_digest: e.identity_digest,
    prev_hash: e.prev_hash,
  }
  return sha256Hex(e.prev_hash + canonicalJson(fields))
}
