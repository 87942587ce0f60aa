import type { AuditPage as AuditPageData, AuditQuery } from '../../src/audit/audit.types.ts'
import { Pager } from '../components/pager.tsx'
import { auditHref } from './audit-href.ts'
import { AuditRows } from './audit-rows.tsx'

export interface AuditResultsProps {
  data: AuditPageData
  query: AuditQuery
  showTenant: boolean
}

function isFiltered(q: AuditQuery): boolean {
  return [q.q, q.action, q.actor, q.outcome, q.from, q.to].some((v) => v !== '')
}

/**
 * The entries, the pager and the export link for the current filters: rendered inside the page,
 * and alone as the htmx swap when the filter form or a pager link is used.
 */
export function AuditResults(props: AuditResultsProps) {
  const { data, query } = props
  const first = (data.page - 1) * data.pageSize + 1
  const label =
    data.entries.length > 0 ? `Entries ${first}–${first + data.entries.length - 1}` : undefined
  return (
    <div
      id="audit-results"
      hx-boost="true"
      hx-target="#audit-results"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      <p class="actions">
        <a class="button" href={auditHref(query, 1, '/audit/export.csv')} download hx-boost="false">
          Export CSV
        </a>
      </p>
      <AuditRows
        entries={data.entries}
        showTenant={props.showTenant}
        filtered={isFiltered(query) || data.page > 1}
      />
      <Pager
        prevHref={data.page > 1 ? auditHref(query, data.page - 1) : undefined}
        nextHref={data.hasMore ? auditHref(query, data.page + 1) : undefined}
        label={label}
      />
    </div>
  )
}
