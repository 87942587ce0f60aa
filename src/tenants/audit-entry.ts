// Builds audit entries for the admin domains (tenants, users, API keys) from an Actor, so every
// entry carries the same who/where fields.
import { recordAudit, type AuditEntry } from '../audit/index.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { Clock } from '../lib/time.ts'
import { ForbiddenError } from '../lib/errors.ts'
import type { Actor } from './tenants.types.ts'

export interface AuditFields {
  tenantId: string | null
  action: string
  target: { type: string; id: string | null; label: string | null }
  outcome?: 'success' | 'failure'
  /** context without secrets (never a password, token or key) */
  details?: Record<string, unknown>
}

export function auditEntry(actor: Actor, f: AuditFields): AuditEntry {
  return {
    tenantId: f.tenantId,
    actor: { kind: actor.kind, id: actor.id, name: actor.name },
    ip: actor.ip,
    action: f.action,
    target: f.target,
    outcome: f.outcome ?? 'success',
    ...(f.details ? { details: f.details } : {}),
  }
}

/** Appends the entry; pass the transaction's `tx.global` so it commits with the change. */
export function auditAdmin(db: GlobalDb, actor: Actor, f: AuditFields, now: number): Promise<void> {
  return recordAudit(db, auditEntry(actor, f), now)
}

/**
 * Runs a use case and, when it is refused (ForbiddenError), records the attempt with outcome
 * `failure` before rethrowing: the refused change rolled back, its attempt must not vanish too.
 * Call it outside any transaction (the entry gets its own).
 */
export async function auditRefusal<T>(
  deps: { db: GlobalDb; clock: Clock },
  actor: Actor,
  f: AuditFields,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof ForbiddenError) {
      const details = { ...f.details, reason: err.code }
      await auditAdmin(deps.db, actor, { ...f, outcome: 'failure', details }, deps.clock.now())
    }
    throw err
  }
}
