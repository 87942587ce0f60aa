// What of an audit entry a tenant's own admins may see. Some entries recorded in a tenant name
// another tenant in their details (a tenant switch records where the user came from): that
// belongs to the other tenant, so only super admins (who see every tenant) get it.
import type { AuditEntryView } from './audit.types.ts'

/** action → detail keys that may hold another tenant's id */
export const FOREIGN_TENANT_DETAILS: Readonly<Record<string, readonly string[]>> = {
  'auth.tenant_switch': ['from'],
}

/** The entry as tenant `tenantId`'s admins see it: another tenant's id is dropped. */
export function redactForTenant(entry: AuditEntryView, tenantId: string): AuditEntryView {
  const keys = FOREIGN_TENANT_DETAILS[entry.action]
  if (!keys) return entry
  let details: Record<string, unknown>
  try {
    details = JSON.parse(entry.details) as Record<string, unknown>
  } catch {
    return { ...entry, details: '{}' }
  }
  if (details === null || typeof details !== 'object') return entry
  const kept = Object.fromEntries(
    Object.entries(details).filter(([k, v]) => !keys.includes(k) || v === tenantId),
  )
  return { ...entry, details: JSON.stringify(kept) }
}
