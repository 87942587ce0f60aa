// Verifying the audit trail. Without keys (the `audit:verify` tool on a copied database file)
// it checks the chain over the sealed form: links, hashes, each sealed blob against its digest,
// each identity against its salted digest, and that every erased entry belongs to an account
// deletion recorded in the chain. With the keys it also opens every sealed blob, so a blob
// sealed with another key or garbled (with a digest forged to match) is found too.
import type { GlobalDb } from '../db/global-db.ts'
import { findHighestIssuedSeq, listAuditRowsAfter, type AuditRow } from './audit.repo.ts'
import { entryHash, entryHashV2, GENESIS_HASH, identityDigest } from './chain.ts'
import { ACCOUNT_DELETE_ACTION, isPseudonym } from './erasure.ts'
import { detailsDigest, type AuditKeys } from './sealing.ts'
import { SecretboxError } from '../lib/secretbox.ts'

export type AuditVerifyResult =
  | {
      ok: true
      count: number
      /** entries whose details were opened (only when verified with keys) */
      opened?: number
      /** entries whose identity was replaced by a deleted account's pseudonym */
      erased?: number
    }
  | { ok: false; seq: number; reason: string }

const PAGE = 1000

/** Why a v2 entry's content does not match what its hash covers, or undefined. */
function checkV2(row: AuditRow, keys: AuditKeys | undefined): string | undefined {
  if (entryHashV2(row) !== row.hash) return 'hash does not match the entry (edited)'
  if (row.details_sealed !== null) {
    if (detailsDigest(row.details_sealed) !== row.details_digest) {
      return 'sealed details do not match their digest (edited)'
    }
    if (keys) {
      try {
        JSON.parse(keys.open(row.tenant_id, row.seq, row.details_sealed))
      } catch (err) {
        if (!(err instanceof SecretboxError) && !(err instanceof SyntaxError)) throw err
        return 'details do not open with the key (wrong key or garbled)'
      }
    }
  } else if (row.erased_at === null) {
    return 'sealed details are missing'
  }
  if (row.identity_salt !== null) {
    if (identityDigest(row.identity_salt, row) !== row.identity_digest) {
      return 'identity columns do not match their digest (edited)'
    }
  } else if (row.erased_at === null) {
    return 'identity salt is missing on an entry that was not erased'
  }
  return undefined
}

/**
 * Walks the whole chain oldest first and names the first entry that does not verify: an edited
 * entry (hash or digest mismatch), a removed one (seq gap or broken link), removed newest entries,
 * an erasure no account deletion explains, or (with keys) details that do not open.
 * @example const r = await verifyAuditChain(deps.db, auditKeysOf(deps.kysely))
 */
export async function verifyAuditChain(db: GlobalDb, keys?: AuditKeys): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH
  let prevSeq = 0
  let count = 0
  let erased = 0
  let opened = 0
  let sealedSeen = false
  const declared = new Set<string>()
  const needed = new Map<string, number>()
  for (;;) {
    const rows = await listAuditRowsAfter(db, prevSeq, PAGE)
    for (const row of rows) {
      const fail = (reason: string) => ({ ok: false as const, seq: row.seq, reason })
      if (row.seq !== prevSeq + 1) return fail(`entries ${prevSeq + 1}..${row.seq - 1} are missing`)
      if (row.prev_hash !== prevHash) return fail('prev_hash does not match the previous entry')
      if (row.chain_version === 1) {
        if (sealedSeen) return fail('an entry in clear (v1) follows sealed entries')
        if (entryHash(row) !== row.hash) return fail('hash does not match the entry (edited)')
      } else {
        sealedSeen = true
        const problem = checkV2(row, keys)
        if (problem) return fail(problem)
        if (keys && row.details_sealed !== null) opened++
        if (row.action === ACCOUNT_DELETE_ACTION && row.outcome === 'success' && row.target_label) {
          declared.add(row.target_label)
        }
        if (row.erased_at !== null) {
          erased++
          const name = [row.actor_name, row.target_label].find((n) => n !== null && isPseudonym(n))
          if (name === undefined || name === null)
            return fail('erased entry names no deleted-account pseudonym')
          if (!needed.has(name)) needed.set(name, row.seq)
        }
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
  for (const [name, seq] of needed) {
    if (!declared.has(name)) {
      return {
        ok: false,
        seq,
        reason: 'erased entry names a pseudonym no account deletion recorded',
      }
    }
  }
  return {
    ok: true,
    count,
    ...(keys ? { opened } : {}),
    ...(erased > 0 ? { erased } : {}),
  }
}
