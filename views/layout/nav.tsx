import type { SessionInfo } from '../../src/auth/auth.types.ts'

interface NavItem {
  href: string
  label: string
  show: (s: SessionInfo) => boolean
}

const isTenantAdmin = (s: SessionInfo) => s.isSuperAdmin || s.role === 'admin'

/** The UI hides what a role cannot do; the server still checks every request. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Dashboard', show: () => true },
  // the cross-customer view (issue 15), for people with more than one tenant
  { href: '/all', label: 'All tenants', show: (s) => s.memberships.length > 1 },
  { href: '/devices', label: 'Devices', show: (s) => s.role !== null },
  { href: '/discovery', label: 'Discovery', show: (s) => s.role !== null },
  { href: '/alerts', label: 'Alerts', show: (s) => s.role !== null },
  { href: '/events', label: 'Events', show: (s) => s.role !== null },
  { href: '/backups', label: 'Backups', show: (s) => s.role !== null },
  { href: '/jobs', label: 'Jobs', show: (s) => s.role !== null },
  { href: '/firmware', label: 'Firmware', show: (s) => s.role !== null },
  { href: '/maintenance', label: 'Maintenance', show: (s) => s.role !== null },
  { href: '/overlay', label: 'Overlay', show: (s) => s.role !== null },
  { href: '/reports', label: 'Reports', show: (s) => s.role !== null },
  // topology and compliance (issue 18)
  { href: '/topology', label: 'Topology', show: (s) => s.role !== null },
  { href: '/compliance', label: 'Compliance', show: (s) => s.role !== null },
  { href: '/syslog', label: 'Syslog', show: (s) => s.isSuperAdmin },
  { href: '/tenants', label: 'Tenants', show: (s) => s.isSuperAdmin },
  { href: '/users', label: 'Users', show: isTenantAdmin },
  { href: '/api-keys', label: 'API keys', show: isTenantAdmin },
  { href: '/audit', label: 'Audit', show: isTenantAdmin },
  { href: '/key-use', label: 'Key use', show: (s) => s.role === 'admin' },
  // edge appliances (issue 20)
  { href: '/edges', label: 'Edges', show: (s) => s.role === 'admin' },
  { href: '/settings/backups', label: 'Appliance backups', show: (s) => s.isSuperAdmin },
  { href: '/settings/mail', label: 'System mail', show: (s) => s.isSuperAdmin },
  { href: '/setup', label: 'Setup', show: (s) => s.isSuperAdmin },
  { href: '/api-docs', label: 'API', show: () => true },
  { href: '/account', label: 'Account', show: () => true },
]

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`)
}

export function Nav(props: { session: SessionInfo; currentPath: string }) {
  return (
    <nav class="nav" aria-label="Main">
      <ul>
        {NAV_ITEMS.filter((item) => item.show(props.session)).map((item) => (
          <li>
            <a
              href={item.href}
              aria-current={isCurrent(item.href, props.currentPath) ? 'page' : undefined}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
