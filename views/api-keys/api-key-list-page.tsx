import type { ApiKeyView } from '../../src/api-keys/api-keys.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from '../tenants/format-date.ts'
import type { FormState } from '../tenants/form-state.ts'
import { ApiKeyCreateForm } from './api-key-create-form.tsx'

export interface ApiKeyListPageProps {
  tenantName: string
  keys: ApiKeyView[]
  csrfToken: string
  form?: FormState
}

function KeyRow(props: { k: ApiKeyView; csrfToken: string }) {
  const k = props.k
  return (
    <tr>
      <td>{k.name}</td>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td>{k.role}</td>
      <td>
        {formatDate(k.createdAt)}
        {k.createdBy && <span class="muted"> by {k.createdBy}</span>}
      </td>
      <td>{formatDate(k.lastUsedAt)}</td>
      <td>
        {k.revokedAt === null ? (
          <ConfirmButton
            action={`/api-keys/${k.id}/revoke`}
            label="Revoke"
            confirm={`Revoke ${k.name}? Scripts using it stop working at once.`}
            csrfToken={props.csrfToken}
            tone="danger"
          />
        ) : (
          <StatusBadge label={`revoked ${formatDate(k.revokedAt)}`} tone="muted" />
        )}
      </td>
    </tr>
  )
}

/** Tenant admins: the API keys of the active tenant. */
export function ApiKeyListPage(props: ApiKeyListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>API keys of {props.tenantName}</h1>
      </div>
      <p class="muted">
        Scripts call <code>/api/v1</code> with <code>Authorization: Bearer opk_…</code>. A key acts
        for this tenant only.
      </p>
      <DataTable
        caption={`API keys of ${props.tenantName}`}
        headers={['Name', 'Key', 'Role', 'Created', 'Last used', '']}
        isEmpty={props.keys.length === 0}
        empty={
          <EmptyState title="No API keys yet">
            <p>Create one below for automation. It is shown once; Outpost keeps only a hash.</p>
          </EmptyState>
        }
      >
        {props.keys.map((k) => (
          <KeyRow k={k} csrfToken={props.csrfToken} />
        ))}
      </DataTable>
      <ApiKeyCreateForm csrfToken={props.csrfToken} state={props.form} />
    </section>
  )
}
