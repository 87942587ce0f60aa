// Views are pure functions of their props: rendered to strings here (plain calls: vitest collects .ts).
import { describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../../src/auth/auth.types.ts'
import type { TenantId, UserId } from '../../../src/lib/ids.ts'
import { Field } from '../../../views/components/field.tsx'
import { AppShell } from '../../../views/layout/app-shell.tsx'
import { inlineCodeFindings, visibleText } from '../../support/html.ts'

const assets = {
  css: '/assets/app.css?v=1',
  js: '/assets/app.js?v=1',
  htmx: '/assets/htmx.min.js?v=1',
  icon: '/assets/icon.svg?v=1',
  live: '/assets/live.js?v=1',
  logTail: '/assets/log-tail.js?v=1',
  xterm: '/assets/xterm.js?v=1',
  xtermCss: '/assets/xterm.css?v=1',
  terminal: '/assets/terminal.js?v=1',
}
const tenant = (id: string, name: string) => ({
  tenantId: id as TenantId,
  tenantName: name,
  role: 'viewer' as const,
})

function session(over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    userId: 'U1' as UserId,
    username: 'vera',
    displayName: 'Vera <script>',
    isSuperAdmin: false,
    mustChangePassword: false,
    via: 'cookie',
    familyId: 'F1',
    activeTenantId: 'T1' as TenantId,
    role: 'viewer',
    memberships: [tenant('T1', 'Acme')],
    ...over,
  }
}

function shell(s: SessionInfo): string {
  const props = {
    title: 'Test',
    session: s,
    csrfToken: 'tok',
    assets,
    theme: 'dark' as const,
    currentPath: '/devices/01J',
    children: 'content',
  }
  return String(AppShell(props))
}

describe('AppShell', () => {
  it('shows a viewer only the pages a viewer may use (the API reference is for everyone)', () => {
    const nav = visibleText(shell(session()).match(/<nav class="nav"[\s\S]*?<\/nav>/)?.[0] ?? '')
    expect(nav).toBe(
      'Monitor Dashboard Devices Alerts Events Reports Topology Manage Discovery Backups Jobs Firmware Maintenance Overlay Compliance You API Account',
    )
  })

  it('shows a super admin every section, and escapes user-controlled text', () => {
    const html = shell(session({ isSuperAdmin: true, role: 'admin' }))
    expect(visibleText(html)).toContain('Administer Syslog Tenants Users API keys Audit')
    // the menu is in labelled sections, each a list
    expect(html.match(/<section class="nav-group" aria-labelledby="nav-\w+">/g)).toHaveLength(4)
    expect(html).not.toContain('<script>')
    expect(html).toContain('Vera &lt;script&gt;')
  })

  it('offers a tenant switcher only with more than one tenant', () => {
    expect(shell(session())).not.toContain('action="/session/tenant"')
    const two = shell(session({ memberships: [tenant('T1', 'Acme'), tenant('T2', 'Beta')] }))
    expect(two).toContain('action="/session/tenant"')
    expect(two).toMatch(/<option value="T1" selected/)
  })

  it('carries the CSRF token for htmx, the chosen theme, and no inline code', () => {
    const html = shell(session())
    expect(html).toContain('hx-headers="{&quot;X-CSRF-Token&quot;:&quot;tok&quot;}"')
    expect(html).toContain('data-theme="dark"')
    expect(html).toContain('aria-current="page">Devices')
    expect(inlineCodeFindings(html)).toEqual([])
  })
})

describe('Field', () => {
  it('links the error message to the input for screen readers', () => {
    const html = String(Field({ label: 'Name', name: 'name', value: 'x', error: 'Enter a name.' }))
    expect(html).toContain('aria-invalid="true"')
    expect(html).toContain('aria-describedby="f-name-error"')
    expect(html).toContain('<p class="field-error" id="f-name-error">Enter a name.</p>')
  })

  it('never echoes a password value', () => {
    expect(
      String(Field({ label: 'Password', name: 'password', type: 'password', value: 'hunter2' })),
    ).not.toContain('hunter2')
  })
})
