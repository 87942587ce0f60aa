import type { AuditPage as AuditPageData, AuditQuery } from '../../src/audit/audit.types.ts'
import { AuditFilters } from './audit-filters.tsx'
import { AuditResults } from './audit-results.tsx'

export interface AuditPageProps {
  data: AuditPageData
  query: AuditQuery
  actions: string[]
  /** the list heading says whose entries these are */
  scopeLabel: string
  /** super admins: tenants to choose from */
  tenants?: { id: string; name: string }[]
  fields?: Record<string, string>
}

/** The audit trail with filters, paging and CSV export. */
export function AuditPage(props: AuditPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Audit</h1>
        <span class="muted">{props.scopeLabel}</span>
      </div>
      <AuditFilters
        query={props.query}
        actions={props.actions}
        tenants={props.tenants}
        fields={props.fields}
      />
      <AuditResults
        data={props.data}
        query={props.query}
        showTenant={props.tenants !== undefined}
      />
    </section>
  )
}
