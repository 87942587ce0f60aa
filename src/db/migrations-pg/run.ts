// Shared by the PostgreSQL migrations: runs a list of DDL statements in order (Kysely's Migrator
// wraps each migration in a transaction, and PostgreSQL DDL is transactional, so a failing
// statement leaves nothing half-done, as on SQLite).
import { sql, type Kysely } from 'kysely'

export async function runStatements(
  db: Kysely<unknown>,
  statements: readonly string[],
): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db)
}

/** The device_events kinds CHECK, replaced in place where SQLite rebuilds the table (0004, 0016, 0018). */
export function replaceEventKinds(kinds: readonly string[]): string {
  const list = kinds.map((k) => `'${k}'`).join(', ')
  return `ALTER TABLE device_events DROP CONSTRAINT device_events_kind_check,
    ADD CONSTRAINT device_events_kind_check CHECK (kind IN (${list}))`
}
