// The audit entries of remote access: terminal open/close/refused/replay and WinBox
// open/close/refused. A refusal before sign-in has no tenant and an anonymous actor.
import { recordAudit } from '../audit/index.ts'
import type { Deps } from '../deps.ts'
import type { Actor } from '../lib/actor.ts'

export interface AuditWho {
  tenantId: string | null
  actor: Pick<Actor, 'kind' | 'id' | 'name'> | null
  ip: string | null
}

/** @example await auditRemote(deps, who, 'terminal.open', device, 'success', { sessionId }) */
export function auditRemote(
  deps: Pick<Deps, 'db' | 'clock'>,
  who: AuditWho,
  action: string,
  device: { id: string; name: string } | null,
  outcome: 'success' | 'failure',
  details: Record<string, unknown> = {},
): Promise<void> {
  const actor = who.actor
    ? { kind: who.actor.kind, id: who.actor.id, name: who.actor.name }
    : { kind: 'anonymous' as const, id: null, name: 'anonymous' }
  return recordAudit(
    deps.db,
    {
      tenantId: who.tenantId,
      actor,
      ip: who.ip,
      action,
      ...(device ? { target: { type: 'device', id: device.id, label: device.name } } : {}),
      outcome,
      details,
    },
    deps.clock.now(),
  )
}
