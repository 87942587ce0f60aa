import type { Clock } from '../lib/time.ts'
import { registerThrottle } from './login-rate-limit.ts'

/** Failures of one account that cost nothing; the delay starts after the next one. */
export const FREE_FAILURES = 5
/**
 * The longest delay between two attempts. It bounds what an attacker can do to the owner (never
 * more than this wait, never a lock-out) while keeping a guesser at about one try a minute.
 */
export const MAX_DELAY_MS = 60_000
/** After this long without a failure the account starts afresh. */
export const FORGET_AFTER_MS = 15 * 60_000
const MAX_TRACKED = 10_000

interface AccountState {
  failures: number
  lastFailureAt: number
  /** a refusal in the current delay was already audited */
  refusalAudited: boolean
}

export type ThrottleCheck =
  { ok: true } | { ok: false; retryAfterSeconds: number; failures: number; firstRefusal: boolean }

/** Delay after `failures` consecutive failures: 0 up to FREE_FAILURES, then 1 s, 2 s, 4 s … */
export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_FAILURES - 1))
}

/**
 * Exponential delay per account, whatever address the attempts come from (sign-in by user
 * name, password change by user id). Keys are not checked for existence, so an unknown name is
 * throttled exactly like a real one and the throttle tells nothing. In memory, like the address
 * limit: one process, and a restart forgiving a delay is acceptable.
 */
export class AccountThrottle {
  readonly #clock: Clock
  readonly #accounts = new Map<string, AccountState>()

  constructor(clock: Clock) {
    this.#clock = clock
    registerThrottle(this)
  }

  /** Forgets every account's failures (the recovery console's unlock). */
  clear(): void {
    this.#accounts.clear()
  }

  #state(key: string): AccountState | undefined {
    const s = this.#accounts.get(key)
    if (s && this.#clock.now() - s.lastFailureAt > FORGET_AFTER_MS) {
      this.#accounts.delete(key)
      return undefined
    }
    return s
  }

  /** Whether an attempt may be checked now; refused attempts do not lengthen the delay. */
  check(key: string): ThrottleCheck {
    const s = this.#state(key)
    if (!s) return { ok: true }
    const waitMs = s.lastFailureAt + delayAfter(s.failures) - this.#clock.now()
    if (waitMs <= 0) return { ok: true }
    const firstRefusal = !s.refusalAudited
    s.refusalAudited = true
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000))
    return { ok: false, retryAfterSeconds, failures: s.failures, firstRefusal }
  }

  /** Counts a failure; returns the delay (ms) the account now has before its next attempt. */
  recordFailure(key: string): { failures: number; delayMs: number } {
    const s = this.#state(key) ?? { failures: 0, lastFailureAt: 0, refusalAudited: false }
    s.failures += 1
    s.lastFailureAt = this.#clock.now()
    s.refusalAudited = false
    this.#accounts.delete(key)
    this.#accounts.set(key, s)
    if (this.#accounts.size > MAX_TRACKED) {
      const first = this.#accounts.keys().next()
      if (!first.done) this.#accounts.delete(first.value)
    }
    return { failures: s.failures, delayMs: delayAfter(s.failures) }
  }

  /** The right password ends the delay. */
  recordSuccess(key: string): void {
    this.#accounts.delete(key)
  }
}
