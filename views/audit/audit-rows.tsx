import type { AuditEntryView } from '../../src/audit/audit.types.ts'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from '../tenants/format-date.ts'

/** Details JSON as `key: value` pairs; `{}` shows nothing. */
function detailsText(json: string): string {
  try {
    const o = JSON.parse(json) as Record<string, unknown>
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ')
  } catch {
    return json
  }
}

export interface AuditRowsProps {
  entries: AuditEntryView[]
  showTenant: boolean
  filtered: boolean
}

export function AuditRows(props: AuditRowsProps) {
  const headers = [
    'Time',
    ...(props.showTenant ? ['Tenant'] : []),
    'Actor',
    'Action',
    'Target',
    'Outcome',
    'Address',
    'Details',
  ]
  return (
    <DataTable
      caption="Audit entries"
      headers={headers}
      isEmpty={props.entries.length === 0}
      empty={
        props.filtered ? (
          <EmptyState
            title="No entries match these filters"
            action={{ href: '/audit', label: 'Clear filters' }}
          />
        ) : (
          <EmptyState title="No audit entries yet">
            <p>Sign-ins, user, tenant and API key changes appear here as they happen.</p>
          </EmptyState>
        )
      }
    >
      {props.entries.map((e) => (
        <tr>
          <td>
            <time datetime={new Date(e.at).toISOString()}>{formatDate(e.at)}</time>
          </td>
          {props.showTenant && (
            <td>{e.tenantName ?? (e.tenantId ? <span class="muted">deleted</span> : '—')}</td>
          )}
          <td>
            {e.actorName}
            {e.actorKind !== 'user' && (
              <span class="muted"> ({e.actorKind.replace('_', ' ')})</span>
            )}
          </td>
          <td>
            <code>{e.action}</code>
          </td>
          <td>{e.targetLabel ?? e.targetId ?? '—'}</td>
          <td>
            <StatusBadge label={e.outcome} tone={e.outcome === 'success' ? 'ok' : 'bad'} />
          </td>
          <td>{e.ip ?? '—'}</td>
          <td class="muted cell-note">{detailsText(e.details)}</td>
        </tr>
      ))}
    </DataTable>
  )
}
