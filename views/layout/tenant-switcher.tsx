import type { SessionInfo } from '../../src/auth/auth.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

/** Switch the active tenant without signing out (POST /session/tenant, audited). */
interface TenantSwitcherProps {
  session: SessionInfo
  csrfToken: string
  currentPath: string
}

export function TenantSwitcher(props: TenantSwitcherProps) {
  const { memberships, activeTenantId } = props.session
  if (memberships.length === 0) {
    return <span class="tenant-current muted">No tenant</span>
  }
  if (memberships.length === 1) {
    return (
      <span class="tenant-current" title="Active tenant">
        {memberships[0]?.tenantName}
      </span>
    )
  }
  return (
    <form method="post" action="/session/tenant" class="tenant-switcher">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="returnTo" value={props.currentPath} />
      <label for="tenant-select" class="visually-hidden">
        Active tenant
      </label>
      <select id="tenant-select" name="tenantId">
        {memberships.map((m) => (
          <option value={m.tenantId} selected={m.tenantId === activeTenantId}>
            {m.tenantName}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-small">
        Switch
      </button>
    </form>
  )
}
