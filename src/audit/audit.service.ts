// Recording and verifying the tamper-evident audit trail.
import type { GlobalDb } from '../db/global-db.ts'
import type { AuditActorKind, AuditOutcome } from '../db/schema.ts'
import {
  findHighestIssuedSeq,
  findLastAuditLink,
  insertAuditRow,
  listAuditRowsAfter,
} from './audit.repo.ts'
import { entryHash, GENESIS_HASH, type ChainedEntry } from './chain.ts'

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

export type AuditVerifyResult =
  { ok: true; count: number } | { ok: false; seq: number; reason: string }

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
 * transaction, so reading the previous hash and appending are atomic.
 * @example await recordAudit(tx.global, { tenantId, actor, ip, action: 'tenant.create',
 *   target: { type: 'tenant', id, label: name }, outcome: 'success' }, deps.clock.now())
 */
export async function recordAudit(db: GlobalDb, entry: AuditEntry, now: number): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordAudit(trx, entry, now))
    return
  }
  const last = await findLastAuditLink(db)
  const chained: ChainedEntry = {
    seq: (last?.seq ?? 0) + 1,
    at: now,
    tenant_id: entry.tenantId,
    actor_kind: entry.actor.kind,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    ip: entry.ip,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    target_label: entry.target?.label ?? null,
    outcome: entry.outcome,
    details_json: JSON.stringify(scrub(entry.details ?? {})),
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  await insertAuditRow(db, {
    ...chained,
    actor_kind: entry.actor.kind,
    outcome: entry.outcome,
    hash: entryHash(chained),
  })
}

const PAGE = 1000

/**
 * Walks the whole chain oldest first and names the first entry that does not verify: an edited
 * entry (hash mismatch), a removed one (seq gap or broken link) or removed newest entries.
 * @example const r = await verifyAuditChain(deps.db); if (!r.ok) log.error(r, 'audit chain broken')
 */
export async function verifyAuditChain(db: GlobalDb): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH
  let prevSeq = 0
  let count = 0
  for (;;) {
    const rows = await listAuditRowsAfter(db, prevSeq, PAGE)
    for (const row of rows) {
      if (row.seq !== prevSeq + 1) {
        return {
          ok: false,
          seq: row.seq,
          reason: `entries ${prevSeq + 1}..${row.seq - 1} are missing`,
        }
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, seq: row.seq, reason: 'prev_hash does not match the previous entry' }
      }
      if (entryHash(row) !== row.hash) {
        return { ok: false, seq: row.seq, reason: 'hash does not match the entry (edited)' }
      }
      prevHash = row.hash
      prevSeq = row.seq
      count++
    }
    if (rows.length < PAGE) break
  }
  const issued = await findHighestIssuedSeq(db)
  if (issued > prevSeq) {
    return { ok: false, seq: prevSeq + 1, reason: `entries ${prevSeq + 1}..${issued} are missing` }
  }
  return { ok: true, count }
}
