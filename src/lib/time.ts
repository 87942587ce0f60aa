// The clock is injected (deps.clock) so tests can move time without sleeping.

/** Source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number
}

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() })

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
/** @public the unit set is complete on purpose */
export const DAY = 24 * HOUR
