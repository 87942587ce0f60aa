import type { Child } from 'hono/jsx'
import type { Flash, Theme } from '../../src/auth/auth.types.ts'
import type { AssetUrls } from '../../src/http/http.types.ts'
import { Document } from './document.tsx'
import { FlashArea } from './flash.tsx'
import { ThemeToggle } from './theme-toggle.tsx'

export interface AuthShellProps {
  title: string
  csrfToken: string
  assets: AssetUrls
  theme: Theme
  flash?: Flash
  children: Child
}

/** The layout for sign-in and the forced password change: a centred card, no navigation. */
export function AuthShell(props: AuthShellProps) {
  return (
    <Document
      title={props.title}
      assets={props.assets}
      theme={props.theme}
      csrfToken={props.csrfToken}
      bodyClass="auth"
    >
      <main id="main" class="auth-main" tabindex={-1}>
        <div class="auth-card">
          <p class="brand brand-large">
            <img src={props.assets.icon} alt="" width="32" height="32" />
            <span>Outpost</span>
          </p>
          <FlashArea flash={props.flash} />
          {props.children}
        </div>
        <div class="auth-footer">
          <ThemeToggle theme={props.theme} />
        </div>
      </main>
    </Document>
  )
}
