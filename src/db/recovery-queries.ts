// The few reads the recovery console needs, across tenants (it acts for the owner of the box, not
// for a tenant): device counts and recent errors, and account lookups by name. On SQLite they are
// synchronous on the driver so the console answers even while the app's pool is busy; on
// PostgreSQL (issue 20) they go through the cross-tenant handle. Case-insensitive names are
// `COLLATE NOCASE` on SQLite and lower() = lower() on PostgreSQL.
import type Database from 'better-sqlite3'
import { sql } from 'kysely'
import type { Unscoped } from './unscoped.ts'

export interface DeviceCounts {
  total: number
  byStatus: Record<string, number>
}

/** The console's database: the SQLite connection when there is one, else the cross-tenant handle. */
export interface RecoveryDb {
  readonly sqlite: Database.Database | undefined
  readonly unscoped: Unscoped
}

export async function deviceCounts(db: RecoveryDb): Promise<DeviceCounts> {
  const rows = (
    db.sqlite !== undefined
      ? db.sqlite
          .prepare('SELECT last_status AS status, count(*) AS n FROM devices GROUP BY last_status')
          .all()
      : await db.unscoped
          .selectFrom('devices')
          .select(['last_status as status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('last_status')
          .execute()
  ) as { status: string; n: number }[]
  const byStatus: Record<string, number> = {}
  for (const r of rows) byStatus[r.status] = r.n
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byStatus }
}

export async function recentDeviceErrors(
  db: RecoveryDb,
  limit: number,
): Promise<{ name: string; error: string; at: number | null }[]> {
  if (db.sqlite === undefined) {
    const rows = await db.unscoped
      .selectFrom('devices')
      .select(['name', 'last_error as error', 'last_polled_at as at'])
      .where('last_error', 'is not', null)
      .orderBy(sql`last_polled_at desc nulls last`)
      .limit(limit)
      .execute()
    return rows as { name: string; error: string; at: number | null }[]
  }
  return db.sqlite
    .prepare(
      `SELECT name, last_error AS error, last_polled_at AS at FROM devices
       WHERE last_error IS NOT NULL ORDER BY last_polled_at DESC LIMIT ?`,
    )
    .all(limit) as { name: string; error: string; at: number | null }[]
}

export interface AccountRow {
  id: string
  username: string
  is_super_admin: number
  is_disabled: number
}

export async function findAccount(
  db: RecoveryDb,
  username: string,
): Promise<AccountRow | undefined> {
  if (db.sqlite === undefined) {
    const row = await db.unscoped
      .selectFrom('users')
      .select(['id', 'username', 'is_super_admin', 'is_disabled'])
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst()
    return row as AccountRow | undefined
  }
  return db.sqlite
    .prepare(
      'SELECT id, username, is_super_admin, is_disabled FROM users WHERE username = ? COLLATE NOCASE',
    )
    .get(username) as AccountRow | undefined
}
