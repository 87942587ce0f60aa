// Reading the audit log with filters. audit_log is a global table that carries tenant_id as a
// column, so the tenant filter is explicit here; the service decides which scope a caller gets.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import { containsText } from '../db/dialect.ts'
import type { GlobalDb } from '../db/global-db.ts'
import type { GlobalTables } from '../db/schema.ts'
import type { AuditEntryView, AuditFilter, AuditTenantScope } from './audit.types.ts'
import { auditKeysOf, openDetails } from './sealing.ts'

type Eb = ExpressionBuilder<GlobalTables, 'audit_log'>
type Column = 'action' | 'actor_name' | 'target_label' | 'target_id' | 'ip'

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
    // details are sealed (issue 19): the search covers the columns kept in clear
    const columns: Column[] = ['action', 'actor_name', 'target_label', 'target_id', 'ip']
    q = q.where((eb) => eb.or(columns.map((c) => contains(eb, c, f.q))))
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
      'audit_log.chain_version as chainVersion',
      'audit_log.details_json as detailsJson',
      'audit_log.details_sealed as detailsSealed',
    ])
}

/** Newest first; `limit` rows from `offset`, details opened with the database's audit keys. */
export async function listAuditEntries(
  db: GlobalDb,
  scope: AuditTenantScope,
  filter: Omit<AuditFilter, 'page'>,
  page: { limit: number; offset: number },
): Promise<AuditEntryView[]> {
  const rows = await withView(filtered(db, scope, filter))
    .orderBy('audit_log.seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const keys = auditKeysOf(db)
  return rows.map(({ chainVersion, detailsJson, detailsSealed, ...view }) => {
    const stored = { seq: view.seq, tenant_id: view.tenantId, details_json: detailsJson }
    const details_sealed = detailsSealed
    return { ...view, details: openDetails(keys, { ...stored, details_sealed }, chainVersion) }
  })
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
