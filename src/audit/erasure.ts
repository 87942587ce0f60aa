// Erasure of a deleted account's identity from the audit trail (Art. 17). Entries keep their
// action, time, target and outcome; the account's name, id and addresses are replaced by a
// pseudonym and the identity salt is dropped, so the chain (which covers the salted digest, not
// the names) still verifies and the old digest can no longer be checked against a guessed name.
// Details that mention the name or e-mail address are dropped too (their digest stays chained).
import { createHash, randomBytes } from 'node:crypto'
import type { GlobalDb } from '../db/global-db.ts'
import { eraseAuditRow, listEntriesOfUser, type AuditRow } from './audit.repo.ts'
import { openDetails, requireAuditKeys, type AuditKeys } from './sealing.ts'

/** The audit action of a completed account deletion; its target label declares the pseudonym. */
export const ACCOUNT_DELETE_ACTION = 'account.delete'

const PSEUDONYM = /^deleted-user-[0-9a-f]{10}$/

/** A fresh pseudonym: random, so it links a deleted account's entries to each other only. */
export function newPseudonym(userId: string): string {
  const digest = createHash('sha256').update(userId).update(randomBytes(16)).digest('hex')
  return `deleted-user-${digest.slice(0, 10)}`
}

export function isPseudonym(name: string): boolean {
  return PSEUDONYM.test(name)
}

export interface ErasedAccount {
  id: string
  username: string
  email: string | null
}

function mentions(keys: AuditKeys, row: AuditRow, needles: string[]): boolean {
  const text = openDetails(keys, row, row.chain_version).toLowerCase()
  return needles.some((n) => text.includes(n))
}

/**
 * Replaces the account's identity in every entry naming it; returns how many entries changed.
 * Call inside the deletion's transaction (tx.global), before recording the deletion itself.
 */
export async function eraseAuditIdentity(
  db: GlobalDb,
  account: ErasedAccount,
  pseudonym: string,
  now: number,
): Promise<number> {
  const keys = requireAuditKeys(db)
  const needles = [account.username, account.email]
    .filter((n): n is string => n !== null && n.length > 0)
    .map((n) => n.toLowerCase())
  const rows = await listEntriesOfUser(db, account)
  for (const row of rows) {
    if (row.chain_version !== 2) throw new Error('audit entries are not sealed yet')
    const asActor =
      (row.actor_kind === 'user' && row.actor_id === account.id) ||
      (row.actor_kind === 'anonymous' && row.actor_name === account.username)
    const asTarget = row.target_type === 'user' && row.target_id === account.id
    const keepDetails = row.details_sealed !== null && !mentions(keys, row, needles)
    await eraseAuditRow(db, row.seq, {
      actor_id: asActor ? null : row.actor_id,
      actor_name: asActor ? pseudonym : row.actor_name,
      ip: asActor ? null : row.ip,
      target_label: asTarget ? pseudonym : row.target_label,
      details_sealed: keepDetails ? row.details_sealed : null,
      erased_at: now,
    })
  }
  return rows.length
}
