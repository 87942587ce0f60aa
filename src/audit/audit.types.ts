// View-model types of the audit page and the audit API (what views may import).
import type { AuditActorKind, AuditOutcome } from '../db/schema.ts'

/** One audit entry as shown and exported: the chain hashes stay in the database. */
export interface AuditEntryView {
  seq: number
  at: number
  tenantId: string | null
  /** null for appliance-wide entries and for tenants deleted since */
  tenantName: string | null
  actorKind: AuditActorKind
  actorName: string
  ip: string | null
  action: string
  targetType: string | null
  targetId: string | null
  targetLabel: string | null
  outcome: AuditOutcome
  /** JSON text of the details (already free of secrets when written) */
  details: string
}

/** Which tenants' entries: one tenant, every entry, or the appliance-wide ones (no tenant). */
export type AuditTenantScope =
  { kind: 'tenant'; tenantId: string } | { kind: 'all' } | { kind: 'none' }

/** Filters after validation; empty strings mean "any". */
export interface AuditFilter {
  action: string
  actor: string
  outcome: '' | AuditOutcome
  /** inclusive start, epoch ms (start of the day, UTC) */
  fromMs: number | null
  /** exclusive end, epoch ms (start of the day after `to`, UTC) */
  toMs: number | null
  q: string
  page: number
}

/** The raw query values, echoed back into the filter form and the paging links. */
export interface AuditQuery {
  action: string
  actor: string
  outcome: string
  from: string
  to: string
  q: string
  tenant: string
  page: number
}

export interface AuditPage {
  entries: AuditEntryView[]
  page: number
  pageSize: number
  hasMore: boolean
}
