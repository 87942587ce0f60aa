// The few reads the recovery console needs, across tenants (it acts for the owner of the box, not
// for a tenant): device counts and recent errors, and account lookups by name. Synchronous on the
// driver so the console answers even while the app's pool is busy; it lives in src/db because it
// speaks SQLite (COLLATE NOCASE), see dialect.ts.
import type Database from 'better-sqlite3'

export interface DeviceCounts {
  total: number
  byStatus: Record<string, number>
}

export function deviceCounts(sqlite: Database.Database): DeviceCounts {
  const rows = sqlite
    .prepare('SELECT last_status AS status, count(*) AS n FROM devices GROUP BY last_status')
    .all() as {
    status: string
    n: number
  }[]
  const byStatus: Record<string, number> = {}
  for (const r of rows) byStatus[r.status] = r.n
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byStatus }
}

export function recentDeviceErrors(
  sqlite: Database.Database,
  limit: number,
): { name: string; error: string; at: number | null }[] {
  return sqlite
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

export function findAccount(sqlite: Database.Database, username: string): AccountRow | undefined {
  return sqlite
    .prepare(
      'SELECT id, username, is_super_admin, is_disabled FROM users WHERE username = ? COLLATE NOCASE',
    )
    .get(username) as AccountRow | undefined
}
