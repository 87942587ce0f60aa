import type { AuditQuery } from '../../src/audit/audit.types.ts'

/** A link to the audit page (or its export) with the current filters and a page number. */
export function auditHref(query: AuditQuery, page: number, path = '/audit'): string {
  const params = new URLSearchParams()
  for (const key of ['q', 'action', 'actor', 'outcome', 'from', 'to', 'tenant'] as const) {
    if (query[key] !== '') params.set(key, query[key])
  }
  if (page > 1) params.set('page', String(page))
  const s = params.toString()
  return s ? `${path}?${s}` : path
}
