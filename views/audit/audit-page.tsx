import type { AuditPage as AuditPageData, AuditQuery } from '../../src/audit/audit.types.ts'
import { Pager } from '../components/pager.tsx'
import { AuditFilters } from './audit-filters.tsx'
import { auditHref } from './audit-href.ts'
import { AuditRows } from './audit-rows.tsx'

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

function isFiltered(q: AuditQuery): boolean {
  return [q.q, q.action, q.actor, q.outcome, q.from, q.to].some((v) => v !== '')
}

/** The audit trail with filters, paging and CSV export. */
export function AuditPage(props: AuditPageProps) {
  const { data, query } = props
  const first = (data.page - 1) * data.pageSize + 1
  const label =
    data.entries.length > 0 ? `Entries ${first}–${first + data.entries.length - 1}` : undefined
  return (
    <section>
      <div class="page-header">
        <h1>Audit</h1>
        <span class="muted">{props.scopeLabel}</span>
      </div>
      <AuditFilters
        query={query}
        actions={props.actions}
        tenants={props.tenants}
        fields={props.fields}
      />
      <AuditRows
        entries={data.entries}
        showTenant={props.tenants !== undefined}
        filtered={isFiltered(query) || data.page > 1}
      />
      <Pager
        prevHref={data.page > 1 ? auditHref(query, data.page - 1) : undefined}
        nextHref={data.hasMore ? auditHref(query, data.page + 1) : undefined}
        label={label}
      />
    </section>
  )
}
