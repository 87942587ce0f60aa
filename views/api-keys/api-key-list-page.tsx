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

const STANDING_TONE = { active: 'ok', limited: 'warn', stopped: 'bad' } as const

/** active / limited / stopped, with the reason (the key is bound to its creator's membership). */
function Standing(props: { k: ApiKeyView }) {
  const { k } = props
  if (k.revokedAt !== null) {
    return <StatusBadge label={`revoked ${formatDate(k.revokedAt)}`} tone="muted" />
  }
  const s = k.standing
  const label = s.state
  return (
    <>
      <StatusBadge label={label} tone={STANDING_TONE[s.state]} />
      {s.reason && <div class="muted">{s.reason}</div>}
    </>
  )
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
        {k.createdBy && <div class="muted">by {k.createdBy}</div>}
      </td>
      <td class="cell-note">
        <Standing k={k} />
      </td>
      <td>{formatDate(k.lastUsedAt)}</td>
      <td>
        {k.revokedAt === null ? (
          <>
            <ConfirmButton
              action={`/api-keys/${k.id}/reissue`}
              label="Re-issue"
              confirm={`Re-issue ${k.name} under your name? The current key stops at once; the new one is shown once.`}
              csrfToken={props.csrfToken}
            />
            <ConfirmButton
              action={`/api-keys/${k.id}/revoke`}
              label="Revoke"
              confirm={`Revoke ${k.name}? Scripts using it stop working at once.`}
              csrfToken={props.csrfToken}
              tone="danger"
            />
          </>
        ) : null}
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
        for this tenant only, and never with more than its creator may do now: it acts with the
        lower of its role and its creator&apos;s current role here (<em>limited</em>), and stops
        when the creator is disabled or removed from the tenant (<em>stopped</em>). Re-issue a key
        as yours to keep a script running: the old key stops and the new one is shown once.
      </p>
      <DataTable
        caption={`API keys of ${props.tenantName}`}
        headers={['Name', 'Key', 'Role', 'Created', 'Status', 'Last used', '']}
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
