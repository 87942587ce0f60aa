import type { TenantUserDetail } from '../../src/users/users.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { SelectField } from '../components/field.tsx'
import { formatDate } from '../tenants/format-date.ts'
import { DeleteAccountCard } from './delete-account-card.tsx'
import { roleOptions } from '../tenants/role-options.ts'
import { UserStatus } from './user-status.tsx'

export interface UserDetailPageProps {
  detail: TenantUserDetail
  tenantName: string
  csrfToken: string
}

function RoleCard(props: UserDetailPageProps) {
  const m = props.detail.member
  return (
    <form method="post" action={`/users/${m.userId}/role`} class="card">
      <h2>Role in {props.tenantName}</h2>
      <CsrfField token={props.csrfToken} />
      <SelectField label="Role" name="role" options={roleOptions()} value={m.role} />
      <button type="submit" class="button">
        Change role
      </button>
    </form>
  )
}

function AccountCard(props: UserDetailPageProps) {
  const m = props.detail.member
  const base = `/users/${m.userId}`
  return (
    <section class="card">
      <h2>Account</h2>
      <div class="actions">
        <ConfirmButton
          action={`${base}/reset-password`}
          label="Reset password"
          confirm={`Give ${m.username} a new one-time password and sign them out everywhere?`}
          csrfToken={props.csrfToken}
        />
        {m.isDisabled ? (
          <ConfirmButton
            action={`${base}/enable`}
            label="Enable"
            confirm={`Enable ${m.username}?`}
            csrfToken={props.csrfToken}
          />
        ) : (
          <ConfirmButton
            action={`${base}/disable`}
            label="Disable"
            confirm={`Disable ${m.username}? They are signed out at once.`}
            csrfToken={props.csrfToken}
            tone="danger"
          />
        )}
      </div>
    </section>
  )
}

/** One user of the active tenant: role, account actions and removal, as far as allowed. */
export function UserDetailPage(props: UserDetailPageProps) {
  const { member: m, isSelf, accountRefusal } = props.detail
  return (
    <section>
      <p>
        <a href="/users">← Users</a>
      </p>
      <div class="page-header">
        <h1>{m.username}</h1>
        <UserStatus user={m} />
      </div>
      <section class="card">
        <dl class="facts">
          <dt>Display name</dt>
          <dd>{m.displayName ?? '—'}</dd>
          <dt>Role</dt>
          <dd>{m.role}</dd>
          <dt>Member since</dt>
          <dd>{formatDate(m.createdAt)}</dd>
        </dl>
      </section>
      {isSelf ? (
        <p class="muted">
          This is your own account. Change your password on the <a href="/account">Account</a> page.
        </p>
      ) : (
        <>
          <div class="card-grid">
            <RoleCard {...props} />
            {accountRefusal === null ? (
              <AccountCard {...props} />
            ) : (
              <section class="card">
                <h2>Account</h2>
                <p class="muted">{accountRefusal}</p>
              </section>
            )}
          </div>
          <section class="card">
            <h2>Remove from {props.tenantName}</h2>
            <p>The account stays; only its access to this tenant ends.</p>
            <ConfirmButton
              action={`/users/${m.userId}/remove`}
              label="Remove from tenant"
              confirm={`Remove ${m.username} from ${props.tenantName}?`}
              csrfToken={props.csrfToken}
              tone="danger"
            />
          </section>
          <DeleteAccountCard
            userId={m.userId}
            username={m.username}
            csrfToken={props.csrfToken}
            refusal={accountRefusal}
          />
        </>
      )}
    </section>
  )
}
