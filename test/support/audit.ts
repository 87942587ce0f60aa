// Reading audit entries in tests: details are sealed at rest (issue 19), so tests read them
// through this helper, which opens them with the database's audit keys. `details_json` of the
// returned rows holds the opened JSON, `details` the parsed object.
import type { SelectQueryBuilder } from 'kysely'
import { auditKeysOf, openDetails, type AuditRow } from '../../src/audit/index.ts'
import type { GlobalDb } from '../../src/db/global-db.ts'
import type { GlobalTables } from '../../src/db/schema.ts'

export type OpenedAuditRow = AuditRow & { details: Record<string, unknown> }

type AuditQuery = SelectQueryBuilder<GlobalTables, 'audit_log', AuditRow>

/**
 * Audit rows (oldest first unless `refine` orders them) with their details opened.
 * @example const [e] = await auditRows(t.deps, (q) => q.where('action', '=', 'user.create'))
 */
export async function auditRows(
  deps: { readonly db: GlobalDb },
  refine: (q: AuditQuery) => AuditQuery = (q) => q.orderBy('seq'),
): Promise<OpenedAuditRow[]> {
  const rows = await refine(deps.db.selectFrom('audit_log').selectAll()).execute()
  const keys = auditKeysOf(deps.db)
  return rows.map((row) => {
    const details_json = openDetails(keys, row, row.chain_version)
    return { ...row, details_json, details: JSON.parse(details_json) as Record<string, unknown> }
  })
}

/** The first matching row with opened details; throws when there is none. */
export async function auditRow(
  deps: { readonly db: GlobalDb },
  refine: (q: AuditQuery) => AuditQuery,
): Promise<OpenedAuditRow> {
  const [row] = await auditRows(deps, refine)
  if (!row) throw new Error('no matching audit entry')
  return row
}
