// Credential-use transparency (issue 19): every decryption of a tenant's secrets is counted here,
// in memory, per (tenant, hour, purpose, subject, actor), and written to key_use_events by the
// privacy domain's flush (startup.ts runs it every minute), so a poller opening credentials every
// 15 s adds one row per device and hour, not one per poll.
//
// Who is acting travels in the async context: the HTTP stack runs each signed-in request inside
// `actingAs(user)`, schedules and jobs inside `actingAs({ kind: 'job', … })`; anything else is the
// system (the poller). So the decrypting code only names its purpose and subject.
import { AsyncLocalStorage } from 'node:async_hooks'

export interface KeyUseActor {
  kind: 'user' | 'api_key' | 'job' | 'system'
  /** user, API key or job id; '' for the system */
  id: string
  name: string
}

export interface KeyUseSubject {
  type: 'device' | 'channel' | 'backup'
  id: string
  label: string
}

export interface KeyUse {
  tenantId: string
  purpose: string
  subject: KeyUseSubject
  at: number
}

export interface KeyUseBucket {
  tenantId: string
  hour: number
  purpose: string
  subject: KeyUseSubject
  actor: KeyUseActor
  count: number
  firstAt: number
  lastAt: number
}

const SYSTEM: KeyUseActor = { kind: 'system', id: '', name: 'system (poller, schedules)' }
const acting = new AsyncLocalStorage<KeyUseActor>()

/** Runs `fn` with `actor` as the one decrypting (requests, jobs). */
export function actingAs<T>(actor: KeyUseActor, fn: () => T): T {
  return acting.run(actor, fn)
}

/** The actor of the running async context; the system when none was set. */
export function currentKeyActor(): KeyUseActor {
  return acting.getStore() ?? SYSTEM
}

const HOUR = 3_600_000
/** Bound on distinct buckets between flushes, so a flood cannot grow memory without limit. */
const MAX_BUCKETS = 50_000

/** The in-memory counts between two flushes. One per process (Deps.keyUse). */
export class KeyUseLog {
  #buckets = new Map<string, KeyUseBucket>()
  #dropped = 0

  /** Counts one decryption by the current actor. */
  record(use: KeyUse): void {
    const actor = currentKeyActor()
    const hour = Math.floor(use.at / HOUR) * HOUR
    const key = [
      use.tenantId,
      hour,
      use.purpose,
      use.subject.type,
      use.subject.id,
      actor.kind,
      actor.id,
    ].join('\u0000')
    const b = this.#buckets.get(key)
    if (b !== undefined) {
      b.count++
      b.lastAt = Math.max(b.lastAt, use.at)
      return
    }
    if (this.#buckets.size >= MAX_BUCKETS) {
      this.#dropped++
      return
    }
    this.#buckets.set(key, {
      tenantId: use.tenantId,
      hour,
      purpose: use.purpose,
      subject: use.subject,
      actor,
      count: 1,
      firstAt: use.at,
      lastAt: use.at,
    })
  }

  /** Takes every bucket counted so far (the flush writes them); `dropped` counts lost buckets. */
  drain(): { buckets: KeyUseBucket[]; dropped: number } {
    const buckets = [...this.#buckets.values()]
    const dropped = this.#dropped
    this.#buckets = new Map()
    this.#dropped = 0
    return { buckets, dropped }
  }

  /** Puts buckets back after a failed write, so the next flush tries again. */
  restore(buckets: readonly KeyUseBucket[]): void {
    for (const b of buckets) {
      const key = [
        b.tenantId,
        b.hour,
        b.purpose,
        b.subject.type,
        b.subject.id,
        b.actor.kind,
        b.actor.id,
      ].join('\u0000')
      const cur = this.#buckets.get(key)
      if (cur === undefined) this.#buckets.set(key, { ...b })
      else {
        cur.count += b.count
        cur.firstAt = Math.min(cur.firstAt, b.firstAt)
        cur.lastAt = Math.max(cur.lastAt, b.lastAt)
      }
    }
  }
}
