import type { SessionInfo, Theme } from '../../src/auth/auth.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { ThemeToggle } from './theme-toggle.tsx'

/** A <details> menu: opens with Enter/Space and works without JavaScript. */
export function UserMenu(props: { session: SessionInfo; csrfToken: string; theme: Theme }) {
  const s = props.session
  const roleLabel = s.isSuperAdmin ? 'super admin' : (s.role ?? 'no role')
  return (
    <details class="user-menu">
      <summary>
        <span class="user-name">{s.displayName || s.username}</span>
        <span class="user-role">{roleLabel}</span>
      </summary>
      <div class="user-menu-panel">
        <p class="muted">
          Signed in as <strong>{s.username}</strong>
        </p>
        <a href="/account">Account</a>
        <a href="/account/password">Change password</a>
        <ThemeToggle theme={props.theme} />
        <form method="post" action="/logout">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button">
            Sign out
          </button>
        </form>
      </div>
    </details>
  )
}
