// Audit log queries. The table is append-only (triggers refuse UPDATE and DELETE).
import type { Insertable, Selectable } from 'kysely'
import { highestIssuedAuditSeq, lockAuditChain } from '../db/audit-chain.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { AuditLogTable } from '../db/schema.ts'

export type AuditRow = Selectable<AuditLogTable>

/**
 * seq and hash of the newest entry (undefined for an empty log), for appending after it: the
 * transaction `db` holds the chain's append lock until it ends, so no other append reads this head.
 */
export async function lockLastAuditLink(
  db: GlobalDb,
): Promise<{ seq: number; hash: string } | undefined> {
  await lockAuditChain(db)
  return db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function insertAuditRow(db: GlobalDb, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute()
}

/** Up to `limit` entries with seq > afterSeq, oldest first. */
export async function listAuditRowsAfter(
  db: GlobalDb,
  afterSeq: number,
  limit: number,
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute()
}

/** The highest seq ever handed out (survives deletion of the newest rows). */
export function findHighestIssuedSeq(db: GlobalDb): Promise<number> {
  return highestIssuedAuditSeq(db)
}

/** v2 entries naming user `userId` as actor or target, or anonymous attempts with its name. */
export async function listEntriesOfUser(
  db: GlobalDb,
  user: { id: string; username: string },
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('actor_kind', '=', 'user'), eb('actor_id', '=', user.id)]),
        eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', user.id)]),
        eb.and([eb('actor_kind', '=', 'anonymous'), eb('actor_name', '=', user.username)]),
      ]),
    )
    .orderBy('seq')
    .execute()
}

/** Replaces an entry's identity columns; the trigger allows nothing else (0030-sealed-audit). */
export async function eraseAuditRow(
  db: GlobalDb,
  seq: number,
  set: Pick<AuditRow, 'actor_id' | 'actor_name' | 'ip' | 'target_label' | 'details_sealed'> & {
    erased_at: number
  },
): Promise<void> {
  await db
    .updateTable('audit_log')
    .set({ ...set, identity_salt: null })
    .where('seq', '=', seq)
    .execute()
}
