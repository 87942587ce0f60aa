/**
 * Tiered retention: which stored versions of one device to delete. Every version younger than
 * `allDays` stays; for the next `dailyDays` the newest version of each UTC day stays; for the next
 * `monthlyMonths` the newest of each UTC calendar month stays; older versions go. The newest
 * version of the device is never deleted, however old.
 */

export interface RetentionPolicy {
  /** Keep every version for this many days (default 30). */
  allDays: number
  /** Then one version per day for this many days (default 90). */
  dailyDays: number
  /** Then one version per month for this many months (default 24). */
  monthlyMonths: number
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({
  allDays: 30,
  dailyDays: 90,
  monthlyMonths: 24,
})

export interface RetainedVersion {
  id: string
  capturedAt: number
}

const DAY = 86_400_000

/** Ids to delete, oldest first. */
export function selectForDeletion(
  versions: readonly RetainedVersion[],
  now: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string[] {
  checkPolicy(policy)
  const sorted = [...versions].sort((x, y) => y.capturedAt - x.capturedAt || (y.id < x.id ? -1 : 1))
  const allUntil = now - policy.allDays * DAY
  const dailyUntil = allUntil - policy.dailyDays * DAY
  const monthlyUntil = monthsBefore(dailyUntil, policy.monthlyMonths)
  const seen = new Set<string>()
  const doomed: string[] = []
  sorted.forEach((v, i) => {
    if (v.capturedAt >= allUntil) return // the keep-everything tier
    let bucket: string | undefined
    if (v.capturedAt >= dailyUntil) bucket = 'd' + new Date(v.capturedAt).toISOString().slice(0, 10)
    else if (v.capturedAt >= monthlyUntil)
      bucket = 'm' + new Date(v.capturedAt).toISOString().slice(0, 7)
    // newest first, so the first version met in a bucket is the one that stays; the newest of
    // the device always stays, and fills its bucket
    const keep = i === 0 || (bucket !== undefined && !seen.has(bucket))
    if (bucket !== undefined) seen.add(bucket)
    if (!keep) doomed.push(v.id)
  })
  return doomed.reverse()
}

function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.getTime()
}

function checkPolicy(p: RetentionPolicy): void {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`retention ${k} must be a whole number of 0 or more`)
  }
}
