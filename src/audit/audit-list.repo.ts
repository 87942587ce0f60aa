// Reading the audit log with filters. audit_log is a global table that carries tenant_id as a
// column, so the tenant filter is explicit here; the service decides which scope a caller gets.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import { containsText } from '../db/dialect.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { GlobalTables } from '../db/schema.ts'
import type { AuditEntryView, AuditFilter, AuditTenantScope } from './audit.types.ts'
import { FOREIGN_TENANT_DETAILS } from './tenant-view.ts'

type Eb = ExpressionBuilder<GlobalTables, 'audit_log'>
type Column = 'action' | 'actor_name' | 'target_label' | 'target_id' | 'ip' | 'details_json'

/** Case-insensitive "contains" without LIKE, so % and _ in the needle are plain characters. */
function contains(eb: Eb, column: Column, needle: string) {
  return containsText(eb.ref(`audit_log.${column}`), needle)
}

function filtered(db: GlobalDb, scope: AuditTenantScope, f: Omit<AuditFilter, 'page'>) {
  let q = db.selectFrom('audit_log')
  if (scope.kind === 'tenant') q = q.where('audit_log.tenant_id', '=', scope.tenantId)
  if (scope.kind === 'none') q = q.where('audit_log.tenant_id', 'is', null)
  if (f.action !== '') q = q.where('audit_log.action', '=', f.action)
  if (f.outcome !== '') q = q.where('audit_log.outcome', '=', f.outcome)
  if (f.actor !== '') q = q.where((eb) => contains(eb, 'actor_name', f.actor))
  if (f.fromMs !== null) q = q.where('audit_log.at', '>=', f.fromMs)
  if (f.toMs !== null) q = q.where('audit_log.at', '<', f.toMs)
  if (f.q !== '') {
    const columns: Column[] = [
      'action',
      'actor_name',
      'target_label',
      'target_id',
      'ip',
      'details_json',
    ]
    // a tenant's admins must not find entries by details they are not shown (tenant-view.ts)
    const hidden = Object.keys(FOREIGN_TENANT_DETAILS)
    q = q.where((eb) =>
      eb.or(
        columns.map((c) =>
          c === 'details_json' && scope.kind === 'tenant'
            ? eb.and([eb('audit_log.action', 'not in', hidden), contains(eb, c, f.q)])
            : contains(eb, c, f.q),
        ),
      ),
    )
  }
  return q
}

function withView(q: SelectQueryBuilder<GlobalTables, 'audit_log', {}>) {
  return q
    .leftJoin('tenants', 'tenants.id', 'audit_log.tenant_id')
    .select([
      'audit_log.seq as seq',
      'audit_log.at as at',
      'audit_log.tenant_id as tenantId',
      'tenants.name as tenantName',
      'audit_log.actor_kind as actorKind',
      'audit_log.actor_name as actorName',
      'audit_log.ip as ip',
      'audit_log.action as action',
      'audit_log.target_type as targetType',
      'audit_log.target_id as targetId',
      'audit_log.target_label as targetLabel',
      'audit_log.outcome as outcome',
      'audit_log.details_json as details',
    ])
}

/** Newest first; `limit` rows from `offset`. */
export function listAuditEntries(
  db: GlobalDb,
  scope: AuditTenantScope,
  filter: Omit<AuditFilter, 'page'>,
  page: { limit: number; offset: number },
): Promise<AuditEntryView[]> {
  return withView(filtered(db, scope, filter))
    .orderBy('audit_log.seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** Distinct actions in the scope, for the filter's choices. */
export async function listAuditActions(
  db: GlobalDb,
  scope: AuditTenantScope,
  limit: number,
): Promise<string[]> {
  const rows = await filtered(db, scope, {
    action: '',
    actor: '',
    outcome: '',
    fromMs: null,
    toMs: null,
    q: '',
  })
    .select('audit_log.action')
    .distinct()
    .orderBy('audit_log.action')
    .limit(limit)
    .execute()
  return rows.map((r) => r.action)
}
