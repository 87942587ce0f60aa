import type { Member } from '../../src/tenants/tenants.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { DataTable } from '../components/data-table.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { roleOptions } from './role-options.ts'

export interface MemberTableProps {
  members: Member[]
  csrfToken: string
  /** Base path of the member actions, e.g. `/tenants/ID/members` */
  actionBase: string
}

function RoleForm(props: { member: Member; action: string; csrfToken: string }) {
  const id = `role-${props.member.membershipId}`
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <label for={id} class="visually-hidden">
        Role of {props.member.username}
      </label>
      <select id={id} name="role">
        {roleOptions().map((o) => (
          <option value={o.value} selected={o.value === props.member.role}>
            {o.value}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-small">
        Save
      </button>
    </form>
  )
}

/** The members of one tenant, for a super admin: change role, remove. */
export function MemberTable(props: MemberTableProps) {
  return (
    <DataTable
      caption="Members"
      headers={['User', 'Role', 'Account', '']}
      isEmpty={props.members.length === 0}
      empty={<p class="muted">No members yet. Add an existing user below.</p>}
    >
      {props.members.map((m) => (
        <tr>
          <td>
            {m.username}
            {m.displayName && <span class="muted"> ({m.displayName})</span>}
          </td>
          <td>
            <RoleForm
              member={m}
              action={`${props.actionBase}/${m.membershipId}/role`}
              csrfToken={props.csrfToken}
            />
          </td>
          <td>
            {m.isDisabled ? (
              <StatusBadge label="disabled" tone="warn" />
            ) : (
              <StatusBadge label="active" tone="ok" />
            )}
          </td>
          <td>
            <ConfirmButton
              action={`${props.actionBase}/${m.membershipId}/remove`}
              label="Remove"
              confirm={`Remove ${m.username} from this tenant? Their account stays.`}
              csrfToken={props.csrfToken}
              tone="danger"
            />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}
