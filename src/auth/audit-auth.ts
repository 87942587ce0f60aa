import { recordAudit } from '../audit/index.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { TenantId } from '../lib/ids.ts'
import type { ClientMeta } from './auth.types.ts'

export interface AuthAuditEntry {
  action:
    | 'auth.login'
    | 'auth.login_throttled'
    | 'auth.logout'
    | 'auth.password_change'
    | 'auth.tenant_switch'
    | 'auth.initial_admin_created'
    // TOTP second factor (issue 17)
    | 'auth.second_factor'
    | 'auth.second_factor_throttled'
    | 'auth.second_factor_enrolled'
    | 'auth.second_factor_removed'
    | 'auth.recovery_codes_regenerated'
    | 'auth.second_factor_policy'
    // accounts and privacy (issue 19)
    | 'auth.password_reset_requested'
    | 'auth.password_reset_mail'
    | 'auth.password_reset'
    | 'auth.email_change'
    // passkeys (issue 19); sign-ins with one are auth.login with details.method 'passkey'. Detail
    // keys avoid the word "pass": the audit redacts such keys (keyId, keyName instead)
    | 'auth.passkey_registered'
    | 'auth.passkey_renamed'
    | 'auth.passkey_removed'
  actor: { kind: 'user' | 'anonymous' | 'system'; id: string | null; name: string }
  outcome: 'success' | 'failure'
  meta: ClientMeta | null
  tenantId?: TenantId | null
  target?: { type: string; id: string; label: string }
  details?: Record<string, unknown>
}

/** Sign-in events in the shared audit chain; call inside the transaction of the change. */
export function auditAuth(db: GlobalDb, e: AuthAuditEntry, now: number): Promise<void> {
  return recordAudit(
    db,
    {
      tenantId: e.tenantId ?? null,
      actor: e.actor,
      ip: e.meta?.ip ?? null,
      action: e.action,
      target: e.target,
      outcome: e.outcome,
      details: e.details,
    },
    now,
  )
}
