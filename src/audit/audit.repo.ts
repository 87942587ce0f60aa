// Audit log queries. The table is append-only (triggers refuse UPDATE and DELETE).
import type { Insertable, Kysely, Selectable } from 'kysely'
import type { GlobalDb } from '../db/global-db.ts'
import type { AuditLogTable } from '../db/schema.ts'

export type AuditRow = Selectable<AuditLogTable>

/** seq and hash of the newest entry, or undefined for an empty log. */
export async function findLastAuditLink(
  db: GlobalDb,
): Promise<{ seq: number; hash: string } | undefined> {
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

/** The highest seq ever handed out by AUTOINCREMENT (survives deletion of the newest rows). */
export async function findHighestIssuedSeq(db: GlobalDb): Promise<number> {
  // sqlite_sequence is SQLite's own bookkeeping table: global, so the guard lets it through
  const seqDb = db as unknown as Kysely<SqliteSequence>
  const row = await seqDb
    .selectFrom('sqlite_sequence')
    .select('seq')
    .where('name', '=', 'audit_log')
    .executeTakeFirst()
  return row?.seq ?? 0
}

interface SqliteSequence {
  sqlite_sequence: { name: string; seq: number }
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
