// Startup step of migration 0030: seals the entries written before sealed details existed. A
// migration has no master key, so the migration only adds the columns; this step, run right after
// migrations and before anything records an entry, checks the old (v1) chain, seals each entry's
// details, re-chains every entry as v2 and appends an `audit.sealed` anchor entry that holds the
// old head hash (so an externally kept copy of it still proves the old trail). All in one
// transaction: a crash or failure halfway leaves the v1 trail exactly as it was, and the next
// start does it again; once done, there are no v1 entries and the step does nothing.
import { lockAuditChain } from '../db/audit-chain.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { randomToken } from '../lib/crypto.ts'
import type { AuditRow } from './audit.repo.ts'
import { recordAudit } from './audit.service.ts'
import { entryHash, entryHashV2, GENESIS_HASH, identityDigest } from './chain.ts'
import { detailsDigest, requireAuditKeys, type AuditKeys } from './sealing.ts'

const PAGE = 500

export interface LegacySealResult {
  sealed: number
  /** undefined when the old chain verified; otherwise where and why it did not */
  v1Problem?: { seq: number; reason: string }
}

function v1Problem(row: AuditRow, prevSeq: number, prevHash: string): string | undefined {
  if (row.seq !== prevSeq + 1) return `entries ${prevSeq + 1}..${row.seq - 1} are missing`
  if (row.prev_hash !== prevHash) return 'prev_hash does not match the previous entry'
  if (entryHash(row) !== row.hash) return 'hash does not match the entry (edited)'
  return undefined
}

async function sealRow(db: GlobalDb, keys: AuditKeys, row: AuditRow, prev: string) {
  const salt = randomToken(16)
  const sealed = keys.seal(row.tenant_id, row.seq, row.details_json)
  const v2 = {
    ...row,
    details_digest: detailsDigest(sealed),
    identity_digest: identityDigest(salt, row),
    prev_hash: prev,
  }
  const hash = entryHashV2(v2)
  await db
    .updateTable('audit_log')
    .set({
      chain_version: 2,
      details_json: '{}',
      details_sealed: sealed,
      details_digest: v2.details_digest,
      identity_salt: salt,
      identity_digest: v2.identity_digest,
      prev_hash: prev,
      hash,
    })
    .where('seq', '=', row.seq)
    .execute()
  return hash
}

/**
 * Seals and re-chains every v1 entry; a no-op once done.
 * @example const r = await sealLegacyAudit(deps.db, deps.clock.now())
 */
export async function sealLegacyAudit(db: GlobalDb, now: number): Promise<LegacySealResult> {
  const keys = requireAuditKeys(db)
  const pending = await db
    .selectFrom('audit_log')
    .select('seq')
    .where('chain_version', '=', 1)
    .limit(1)
    .executeTakeFirst()
  if (!pending) return { sealed: 0 }
  return db.transaction().execute(async (trx) => {
    // re-chaining rewrites every hash up to the head: no append may read the head meanwhile
    await lockAuditChain(trx)
    let oldHead = GENESIS_HASH
    let newHead = GENESIS_HASH
    let prevSeq = 0
    let sealed = 0
    let problem: LegacySealResult['v1Problem']
    for (;;) {
      const rows = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', prevSeq)
        .orderBy('seq')
        .limit(PAGE)
        .execute()
      for (const row of rows) {
        if (row.chain_version !== 1) throw new Error('a sealed audit entry follows unsealed ones')
        const reason = v1Problem(row, prevSeq, oldHead)
        if (reason !== undefined && problem === undefined) problem = { seq: row.seq, reason }
        oldHead = row.hash
        newHead = await sealRow(trx, keys, row, newHead)
        prevSeq = row.seq
        sealed++
      }
      if (rows.length < PAGE) break
    }
    await recordAudit(
      trx,
      {
        tenantId: null,
        actor: { kind: 'system', id: null, name: 'audit sealing' },
        ip: null,
        action: 'audit.sealed',
        outcome: problem ? 'failure' : 'success',
        details: {
          entries: sealed,
          v1HeadHash: oldHead,
          ...(problem ? { v1Problem: problem } : {}),
        },
      },
      now,
    )
    return { sealed, ...(problem ? { v1Problem: problem } : {}) }
  })
}
