// The audit page, its CSV export and GET /api/v1/audit: who sees which entries, with filters.
// Tenant admins see their active tenant's entries; super admins see all, one tenant, or the
// appliance-wide entries.
import type { Deps } from '../deps.ts'
import { ForbiddenError, ValidationError } from '../lib/errors.ts'
import { isId } from '../lib/ids.ts'
import { auditCsv } from './audit-csv.ts'
import { listAuditActions, listAuditEntries } from './audit-list.repo.ts'
import { auditQuerySchema, dayStart } from './audit.schema.ts'
import { redactForTenant } from './tenant-view.ts'
import type {
  AuditEntryView,
  AuditFilter,
  AuditPage,
  AuditQuery,
  AuditTenantScope,
} from './audit.types.ts'

export type AuditDeps = Pick<Deps, 'db'>

export interface AuditViewer {
  isSuperAdmin: boolean
  activeTenantId: string | null
}

export const AUDIT_PAGE_SIZE = 50
/** An export is for a spreadsheet or an auditor; narrow the filters for more. */
export const AUDIT_CSV_MAX_ROWS = 100_000

/** Validates the query string; ValidationError (422) names each bad field. */
export function parseAuditQuery(raw: Record<string, string>): {
  query: AuditQuery
  filter: AuditFilter
} {
  const r = auditQuerySchema.safeParse(raw)
  if (!r.success) {
    const fields: Record<string, string> = {}
    for (const issue of r.error.issues)
      fields[issue.path.map(String).join('.') || '_form'] ??= issue.message
    throw new ValidationError(fields)
  }
  const q = r.data
  const filter: AuditFilter = {
    action: q.action,
    actor: q.actor,
    outcome: q.outcome,
    fromMs: dayStart(q.from),
    toMs: dayStart(q.to, 1),
    q: q.q,
    page: q.page,
  }
  return { query: q, filter }
}

/** Which entries the viewer may see for the requested `tenant` value. */
export function resolveAuditScope(viewer: AuditViewer, tenant: string): AuditTenantScope {
  if (!viewer.isSuperAdmin) {
    // a tenant admin's choice is ignored: they see their active tenant, nothing else
    if (viewer.activeTenantId === null) throw new ForbiddenError('Select a tenant first.')
    return { kind: 'tenant', tenantId: viewer.activeTenantId }
  }
  if (tenant === '' || tenant === 'all') return { kind: 'all' }
  if (tenant === 'none') return { kind: 'none' }
  if (isId(tenant)) return { kind: 'tenant', tenantId: tenant }
  throw new ValidationError({ tenant: 'Choose a tenant from the list.' })
}

/** Entries as the scope's viewer may see them (tenant scope: no other tenant's ids). */
function visible(scope: AuditTenantScope, rows: AuditEntryView[]): AuditEntryView[] {
  if (scope.kind !== 'tenant') return rows
  return rows.map((e) => redactForTenant(e, scope.tenantId))
}

export async function listAudit(
  deps: AuditDeps,
  scope: AuditTenantScope,
  filter: AuditFilter,
): Promise<AuditPage> {
  const rows = await listAuditEntries(deps.db, scope, filter, {
    limit: AUDIT_PAGE_SIZE + 1,
    offset: (filter.page - 1) * AUDIT_PAGE_SIZE,
  })
  return {
    entries: visible(scope, rows.slice(0, AUDIT_PAGE_SIZE)),
    page: filter.page,
    pageSize: AUDIT_PAGE_SIZE,
    hasMore: rows.length > AUDIT_PAGE_SIZE,
  }
}

export function listAuditActionChoices(
  deps: AuditDeps,
  scope: AuditTenantScope,
): Promise<string[]> {
  return listAuditActions(deps.db, scope, 500)
}

const CSV_HEADER = [
  'seq',
  'time_utc',
  'tenant_id',
  'tenant',
  'actor_kind',
  'actor',
  'ip',
  'action',
  'target_type',
  'target_id',
  'target',
  'outcome',
  'details',
] as const

function csvRow(e: AuditEntryView): (string | number | null)[] {
  const at = new Date(e.at).toISOString()
  return [
    e.seq,
    at,
    e.tenantId,
    e.tenantName,
    e.actorKind,
    e.actorName,
    e.ip,
    e.action,
    e.targetType,
    e.targetId,
    e.targetLabel,
    e.outcome,
    e.details,
  ]
}

/** Every matching entry (newest first, at most AUDIT_CSV_MAX_ROWS) as CSV. */
export async function exportAuditCsv(
  deps: AuditDeps,
  scope: AuditTenantScope,
  filter: AuditFilter,
): Promise<string> {
  const rows = await listAuditEntries(deps.db, scope, filter, {
    limit: AUDIT_CSV_MAX_ROWS,
    offset: 0,
  })
  return auditCsv(CSV_HEADER, visible(scope, rows).map(csvRow))
}
