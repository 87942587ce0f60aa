// One helper so every device-domain audit entry carries the same who/where/target fields.
import { recordAudit } from '../audit/index.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { Actor } from '../lib/actor.ts'

export function auditDevice(
  db: GlobalDb,
  actor: Actor,
  tenantId: string,
  action: string,
  target: { id: string | null; label: string; type?: string },
  now: number,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(
    db,
    {
      tenantId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      ip: actor.ip,
      action,
      target: { type: target.type ?? 'device', id: target.id, label: target.label },
      outcome: 'success',
      ...(details ? { details } : {}),
    },
    now,
  )
}
