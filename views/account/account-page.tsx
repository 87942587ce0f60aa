import type { SessionInfo } from '../../src/auth/auth.types.ts'
import { StatusBadge } from '../components/status-badge.tsx'
import { DataTable } from '../components/data-table.tsx'
import { DeleteAccountSection, EmailSection, YourDataSection } from './privacy-sections.tsx'
import { CsrfField } from '../components/csrf-field.tsx'

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
  csrfToken?: string
  /** the zones offered and the chosen one (issue 15) */
  timeZones?: string[]
  timeZone?: string
  timeZoneError?: string | undefined
}

/** The runtime's canonical names, plus the chosen one when it is an alias (Asia/Kolkata). */
function zoneChoices(props: AccountPageProps): string[] {
  const list = props.timeZones ?? ['UTC']
  const cur = props.timeZone
  return cur !== undefined && !props.timeZoneError && !list.includes(cur) ? [cur, ...list] : list
}

/** Charts and exact times are printed in the zone chosen here. */
function TimeZoneForm(props: AccountPageProps) {
  const err = props.timeZoneError
  return (
    <section class="card" aria-labelledby="tz-title">
      <h2 id="tz-title">Time zone</h2>
      <form method="post" action="/account/time-zone" class="inline-form">
        <CsrfField token={props.csrfToken ?? ''} />
        <label class="field" for="time-zone">
          <span>Charts and exact times are shown in</span>
        </label>
        <select
          id="time-zone"
          name="timeZone"
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? 'time-zone-error' : undefined}
        >
          {zoneChoices(props).map((z) => (
            <option value={z} selected={z === props.timeZone}>
              {z}
            </option>
          ))}
        </select>
        {err && (
          <p class="field-error" id="time-zone-error">
            {err}
          </p>
        )}
        <button type="submit" class="button">
          Save time zone
        </button>
      </form>
    </section>
  )
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
      {props.timeZones && <TimeZoneForm {...props} />}
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
      <DeleteAccountSection csrfToken={props.privacy.csrfToken} />
    </>
  )
}
