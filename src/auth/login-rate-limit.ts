import type { Clock } from '../lib/time.ts'

export const LOGIN_ATTEMPTS_PER_WINDOW = 5
export const LOGIN_WINDOW_MS = 60_000
/** Bound on tracked addresses so a flood of spoofed sources cannot grow memory without limit. */
const MAX_TRACKED = 10_000

/** Every limiter of this process (per address and per account), so the recovery console can lift the throttling. */
const LIVE = new Set<WeakRef<{ clear(): void }>>()

/** Registers a limiter that clearLoginThrottling() must clear too. */
export function registerThrottle(limiter: { clear(): void }): void {
  LIVE.add(new WeakRef(limiter))
}

/** Clears sign-in throttling everywhere; returns how many limiters were cleared. */
export function clearLoginThrottling(): number {
  let n = 0
  for (const ref of LIVE) {
    const limiter = ref.deref()
    if (limiter === undefined) LIVE.delete(ref)
    else {
      limiter.clear()
      n++
    }
  }
  return n
}

/**
 * Sliding-window limiter of failed sign-ins per client address (in memory: one process, and a
 * restart forgiving a burst is acceptable). Only failures count: colleagues behind one office
 * address who sign in correctly never use up each other's attempts.
 */
export class LoginRateLimit {
  readonly #clock: Clock
  readonly #failures = new Map<string, number[]>()

  constructor(clock: Clock) {
    this.#clock = clock
    registerThrottle(this)
  }

  /** Forgets every recorded attempt (the recovery console's unlock). */
  clear(): void {
    this.#failures.clear()
  }

  #recent(address: string): number[] {
    const now = this.#clock.now()
    return (this.#failures.get(address) ?? []).filter((t) => t > now - LOGIN_WINDOW_MS)
  }

  /** True when the address already failed LOGIN_ATTEMPTS_PER_WINDOW times in the window. */
  isLimited(address: string): boolean {
    const recent = this.#recent(address)
    if (recent.length === 0) this.#failures.delete(address)
    else this.#failures.set(address, recent)
    return recent.length >= LOGIN_ATTEMPTS_PER_WINDOW
  }

  /** Counts one failed attempt of the address. */
  recordFailure(address: string): void {
    const recent = this.#recent(address)
    recent.push(this.#clock.now())
    this.#failures.delete(address)
    this.#failures.set(address, recent)
    if (this.#failures.size > MAX_TRACKED) this.#evictOldest()
  }

  /** Seconds until the address may try again (for the Retry-After header). */
  retryAfterSeconds(address: string): number {
    const recent = this.#recent(address)
    const oldest = recent[recent.length - LOGIN_ATTEMPTS_PER_WINDOW]
    if (oldest === undefined) return 0
    return Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - this.#clock.now()) / 1000))
  }

  #evictOldest(): void {
    const first = this.#failures.keys().next()
    if (!first.done) this.#failures.delete(first.value)
  }
}
