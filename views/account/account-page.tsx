import type { SessionInfo } from '../../src/auth/auth.types.ts'
import { StatusBadge } from '../components/status-badge.tsx'
import { DataTable } from '../components/data-table.tsx'
import { EmailSection, YourDataSection } from './privacy-sections.tsx'

export interface AccountPageProps {
  session: SessionInfo
  passwordChangedAt: number | null
  now: number
  /** e-mail address and personal data (issue 19) */
  privacy: {
    csrfToken: string
    email: string | null
    emailForm?: { value: string; error: string } | undefined
  }
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}

export function AccountPage(props: AccountPageProps) {
  const s = props.session
  return (
    <>
      <div class="page-header">
        <h1>Account</h1>
        <a class="button" href="/account/password">
          Change password
        </a>
        <a class="button" href="/account/security">
          Two-step verification
        </a>
      </div>
      <section class="card">
        <dl class="facts">
          <dt>User name</dt>
          <dd>{s.username}</dd>
          <dt>Display name</dt>
          <dd>{s.displayName || '—'}</dd>
          <dt>Appliance role</dt>
          <dd>{s.isSuperAdmin ? <StatusBadge label="super admin" tone="info" /> : 'none'}</dd>
          <dt>Password last changed</dt>
          <dd>{props.passwordChangedAt ? formatDate(props.passwordChangedAt) : 'never'}</dd>
        </dl>
      </section>
      <h2>Tenants</h2>
      <DataTable
        caption="Your tenants and roles"
        headers={['Tenant', 'Role', '']}
        isEmpty={s.memberships.length === 0}
        empty={
          <p class="muted">
            {s.isSuperAdmin
              ? 'There are no tenants yet. As super admin you act as admin in every tenant once created.'
              : 'You are not a member of any tenant yet. Ask an administrator to add you.'}
          </p>
        }
      >
        {s.memberships.map((m) => (
          <tr>
            <td>{m.tenantName}</td>
            <td>
              <StatusBadge label={m.role} tone={m.role === 'admin' ? 'info' : 'muted'} />
            </td>
            <td>
              {m.tenantId === s.activeTenantId ? <StatusBadge label="active" tone="ok" /> : ''}
            </td>
          </tr>
        ))}
      </DataTable>
      <EmailSection
        csrfToken={props.privacy.csrfToken}
        email={props.privacy.email}
        value={props.privacy.emailForm?.value}
        error={props.privacy.emailForm?.error}
      />
      <YourDataSection />
    </>
  )
}
