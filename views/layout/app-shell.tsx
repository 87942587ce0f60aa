import type { Child } from 'hono/jsx'
import type { Flash, SessionInfo, Theme } from '../../src/auth/auth.types.ts'
import type { AssetUrls } from '../../src/http/http.types.ts'
import { Document } from './document.tsx'
import { FlashArea } from './flash.tsx'
import { Nav } from './nav.tsx'
import { TenantSwitcher } from './tenant-switcher.tsx'
import { UserMenu } from './user-menu.tsx'

export interface AppShellProps {
  title: string
  session: SessionInfo
  csrfToken: string
  assets: AssetUrls
  theme: Theme
  currentPath: string
  flash?: Flash
  /** set (epoch ms) for super admins while the appliance's disk is full */
  diskFullSince?: number
  children: Child
}

/** Outside #flash, so htmx swaps never remove it. */
function DiskFullBanner(props: { since: number }) {
  const since = new Date(props.since).toISOString().slice(0, 16).replace('T', ' ')
  return (
    <div class="flash flash-error" role="alert">
      The appliance's disk is full (since {since} UTC): changes and poll results are not being
      saved. Free disk space on the appliance; this message goes away when writes succeed again.
    </div>
  )
}

/** The signed-in layout: top bar (brand, tenant, user menu), navigation, flash area, content. */
export function AppShell(props: AppShellProps) {
  return (
    <Document
      title={props.title}
      assets={props.assets}
      theme={props.theme}
      csrfToken={props.csrfToken}
      bodyClass="app"
      tenantId={props.session.activeTenantId}
    >
      <header class="topbar">
        <a class="brand" href="/">
          <img src={props.assets.icon} alt="" width="24" height="24" />
          <span>Outpost</span>
        </a>
        <div class="topbar-tenant">
          <TenantSwitcher
            session={props.session}
            csrfToken={props.csrfToken}
            currentPath={props.currentPath}
          />
        </div>
        <UserMenu session={props.session} csrfToken={props.csrfToken} theme={props.theme} />
      </header>
      <div class="shell">
        <Nav session={props.session} currentPath={props.currentPath} />
        <main id="main" class="content" tabindex={-1}>
          {props.diskFullSince !== undefined && <DiskFullBanner since={props.diskFullSince} />}
          <FlashArea flash={props.flash} />
          {props.children}
        </main>
      </div>
    </Document>
  )
}
