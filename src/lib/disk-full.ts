// The appliance's own disk being full, recognised in any error: every layer (database, HTTP
// answers, poller) needs the same test and the same public words.

/** The public words for this failure, shared by the error page, the JSON error and the banner. */
export const DISK_FULL_MESSAGE =
  "The appliance's disk is full: nothing was saved. Free disk space on the appliance, then try again."

/**
 * True when `err` (or any error in its `cause` chain) says the disk is full: SQLite's SQLITE_FULL
 * ("database or disk is full"), or ENOSPC / EDQUOT from a direct file write.
 * @example if (isDiskFull(err)) log.error({ err }, 'write failed: the disk is full')
 */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true
  }
  return false
}
