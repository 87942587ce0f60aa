// The two places where the audit chain (src/audit) depends on the engine. Appending reads the
// newest entry and writes seq + 1 linked to its hash, so two appends must never read the same
// head: SQLite has one writer at a time, but PostgreSQL's READ COMMITTED lets concurrent
// transactions read the same head and collide on the primary key (or fork the chain). There the
// append first takes a transaction-scoped advisory lock, released at commit or rollback, so appends
// from every process on the database queue one after another.
import { PostgresAdapter, sql, type Kysely } from 'kysely'
import type { GlobalDb } from './global-db.ts'

// any fixed bigint: the key of the one advisory lock that guards the audit chain's head
const AUDIT_CHAIN_LOCK = 0x6f75_7470_6175 // "outpau"

const isPostgres = (db: GlobalDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter

/**
 * Makes this transaction the only one appending to the audit chain until it ends. Call it inside
 * the appending transaction, before reading the head. A no-op on SQLite (one writer already).
 * @example await lockAuditChain(trx); const last = await lockLastAuditLink(trx) (audit.repo.ts)
 */
export async function lockAuditChain(db: GlobalDb): Promise<void> {
  if (!db.isTransaction) throw new Error('lockAuditChain needs the appending transaction')
  if (!isPostgres(db)) return
  await db
    .selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [sql.lit(AUDIT_CHAIN_LOCK)]).as('locked'))
    .execute()
}

/**
 * The highest seq ever handed out, even when the newest entries were removed since: SQLite's
 * AUTOINCREMENT counter (sqlite_sequence). On PostgreSQL seq is written explicitly (last + 1) and
 * nobody may delete rows (migrations-pg/index.ts), so it is max(seq).
 * @example if ((await highestIssuedAuditSeq(db)) > lastSeenSeq) fail('newest entries removed')
 */
export async function highestIssuedAuditSeq(db: GlobalDb): Promise<number> {
  if (isPostgres(db)) {
    const row = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    return row?.seq ?? 0
  }
  // SQLite's own bookkeeping table: global, so the guard lets it through
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
