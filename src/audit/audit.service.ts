// Recording and verifying the tamper-evident audit trail.
import type { GlobalDb } from '../db/global-db.ts'
import type { AuditActorKind, AuditOutcome } from '../db/schema.ts'
import { randomToken } from '../lib/crypto.ts'
import { lockLastAuditLink, insertAuditRow } from './audit.repo.ts'
import {
  entryHashV2,
  GENESIS_HASH,
  identityDigest,
  type ChainedEntryV2,
  type EntryIdentity,
} from './chain.ts'
import { detailsDigest, requireAuditKeys } from './sealing.ts'

export interface AuditEntry {
  tenantId: string | null
  actor: { kind: AuditActorKind; id: string | null; name: string }
  ip: string | null
  /** dotted verb, e.g. 'auth.login', 'tenant.create' */
  action: string
  target?: { type: string; id: string | null; label: string | null }
  outcome: AuditOutcome
  /** context without secrets; values of secret-looking keys are replaced anyway */
  details?: Record<string, unknown>
}

const SECRET_KEY = /pass(word)?|secret|token|private_?key|credential|authorization|cookie/i

/** Defence in depth: a details key that looks secret never reaches the log. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrub(v)
  return out
}

/**
 * Appends one entry to the hash chain. Call it with the transaction's handle (`tx.global`) so the
 * entry commits or rolls back with the change it records; with a plain GlobalDb it opens its own
 * transaction, so reading the previous hash and appending are atomic. Concurrent appends queue
 * for the chain's head (lockLastAuditLink), so the chain stays gap-free and linear on PostgreSQL.
 * @example await recordAudit(tx.global, { tenantId, actor, ip, action: 'tenant.create',
 *   target: { type: 'tenant', id, label: name }, outcome: 'success' }, deps.clock.now())
 */
export async function recordAudit(db: GlobalDb, entry: AuditEntry, now: number): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordAudit(trx, entry, now))
    return
  }
  const keys = requireAuditKeys(db)
  const last = await lockLastAuditLink(db)
  const seq = (last?.seq ?? 0) + 1
  const identity: EntryIdentity = {
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    ip: entry.ip,
    target_label: entry.target?.label ?? null,
  }
  const salt = randomToken(16)
  const sealed = keys.seal(entry.tenantId, seq, JSON.stringify(scrub(entry.details ?? {})))
  const chained: ChainedEntryV2 = {
    seq,
    at: now,
    tenant_id: entry.tenantId,
    actor_kind: entry.actor.kind,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    outcome: entry.outcome,
    details_digest: detailsDigest(sealed),
    identity_digest: identityDigest(salt, identity),
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  await insertAuditRow(db, {
    ...chained,
    ...identity,
    actor_kind: entry.actor.kind,
    outcome: entry.outcome,
    chain_version: 2,
    details_sealed: sealed,
    identity_salt: salt,
    erased_at: null,
    hash: entryHashV2(chained),
  })
}
