/** Failures in a row before a device is backed off. */
export const BACKOFF_AFTER_FAILURES = 5
const BASE_MS = 30_000
const MAX_MS = 15 * 60_000

/**
 * Extra delay added to a device's interval after repeated failures: nothing for the first four,
 * then 30 s doubling (30 s, 1 min, 2 min, …) capped at 15 min. A success resets the count, so the
 * next poll is back on the normal interval.
 */
export function backoff(consecutiveFailures: number): number {
  if (consecutiveFailures < BACKOFF_AFTER_FAILURES) return 0
  const steps = consecutiveFailures - BACKOFF_AFTER_FAILURES
  if (steps >= 10) return MAX_MS
  return Math.min(BASE_MS * 2 ** steps, MAX_MS)
}
