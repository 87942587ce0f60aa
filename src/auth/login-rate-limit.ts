import type { Clock } from '../lib/time.ts'

export const LOGIN_ATTEMPTS_PER_WINDOW = 5
export const LOGIN_WINDOW_MS = 60_000
/** Bound on tracked addresses so a flood of spoofed sources cannot grow memory without limit. */
const MAX_TRACKED = 10_000

/** Every limiter of this process, so the recovery console can lift the throttling. */
const LIVE = new Set<WeakRef<LoginRateLimit>>()

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
 * Sliding-window limiter for login attempts per client address (in memory: one process, and a
 * restart forgiving a burst is acceptable). Every attempt counts, successful or not.
 */
export class LoginRateLimit {
  readonly #clock: Clock
  readonly #attempts = new Map<string, number[]>()

  constructor(clock: Clock) {
    this.#clock = clock
    LIVE.add(new WeakRef(this))
  }

  /** Forgets every recorded attempt (the recovery console's unlock). */
  clear(): void {
    this.#attempts.clear()
  }

  /** Records an attempt; false when the address already used its attempts in this window. */
  tryAttempt(address: string): boolean {
    const now = this.#clock.now()
    const recent = (this.#attempts.get(address) ?? []).filter((t) => t > now - LOGIN_WINDOW_MS)
    if (recent.length >= LOGIN_ATTEMPTS_PER_WINDOW) {
      this.#attempts.set(address, recent)
      return false
    }
    recent.push(now)
    this.#attempts.delete(address)
    this.#attempts.set(address, recent)
    if (this.#attempts.size > MAX_TRACKED) this.#evictOldest()
    return true
  }

  /** Seconds until the address may try again (for the Retry-After header). */
  retryAfterSeconds(address: string): number {
    const oldest = this.#attempts.get(address)?.[0]
    if (oldest === undefined) return 0
    return Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - this.#clock.now()) / 1000))
  }

  #evictOldest(): void {
    const first = this.#attempts.keys().next()
    if (!first.done) this.#attempts.delete(first.value)
  }
}
