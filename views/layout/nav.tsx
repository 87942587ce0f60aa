import type { SessionInfo } from '../../src/auth/auth.types.ts'

/** The menu's sections, in order: what people look at, what they change, who may do what. */
const GROUPS = ['Monitor', 'Manage', 'Administer', 'You'] as const

interface NavItem {
  group: (typeof GROUPS)[number]
  href: string
  label: string
  show: (s: SessionInfo) => boolean
}

const isTenantAdmin = (s: SessionInfo) => s.isSuperAdmin || s.role === 'admin'

/** The UI hides what a role cannot do; the server still checks every request. */
export const NAV_ITEMS: NavItem[] = [
  { group: 'Monitor', href: '/', label: 'Dashboard', show: () => true },
  // the cross-customer view (issue 15), for people with more than one tenant
  { group: 'Monitor', href: '/all', label: 'All tenants', show: (s) => s.memberships.length > 1 },
  { group: 'Monitor', href: '/devices', label: 'Devices', show: (s) => s.role !== null },
  { group: 'Manage', href: '/discovery', label: 'Discovery', show: (s) => s.role !== null },
  { group: 'Monitor', href: '/alerts', label: 'Alerts', show: (s) => s.role !== null },
  { group: 'Monitor', href: '/events', label: 'Events', show: (s) => s.role !== null },
  { group: 'Manage', href: '/backups', label: 'Backups', show: (s) => s.role !== null },
  { group: 'Manage', href: '/jobs', label: 'Jobs', show: (s) => s.role !== null },
  { group: 'Manage', href: '/firmware', label: 'Firmware', show: (s) => s.role !== null },
  { group: 'Manage', href: '/maintenance', label: 'Maintenance', show: (s) => s.role !== null },
  { group: 'Manage', href: '/overlay', label: 'Overlay', show: (s) => s.role !== null },
  { group: 'Monitor', href: '/reports', label: 'Reports', show: (s) => s.role !== null },
  // topology and compliance (issue 18)
  { group: 'Monitor', href: '/topology', label: 'Topology', show: (s) => s.role !== null },
  { group: 'Manage', href: '/compliance', label: 'Compliance', show: (s) => s.role !== null },
  { group: 'Administer', href: '/syslog', label: 'Syslog', show: (s) => s.isSuperAdmin },
  { group: 'Administer', href: '/tenants', label: 'Tenants', show: (s) => s.isSuperAdmin },
  { group: 'Administer', href: '/users', label: 'Users', show: isTenantAdmin },
  { group: 'Administer', href: '/api-keys', label: 'API keys', show: isTenantAdmin },
  { group: 'Administer', href: '/audit', label: 'Audit', show: isTenantAdmin },
  { group: 'Administer', href: '/key-use', label: 'Key use', show: (s) => s.role === 'admin' },
  // edge appliances (issue 20)
  { group: 'Administer', href: '/edges', label: 'Edges', show: (s) => s.role === 'admin' },
  {
    group: 'Administer',
    href: '/settings/backups',
    label: 'Appliance backups',
    show: (s) => s.isSuperAdmin,
  },
  {
    group: 'Administer',
    href: '/settings/mail',
    label: 'System mail',
    show: (s) => s.isSuperAdmin,
  },
  { group: 'Administer', href: '/setup', label: 'Setup', show: (s) => s.isSuperAdmin },
  { group: 'You', href: '/api-docs', label: 'API', show: () => true },
  { group: 'You', href: '/account', label: 'Account', show: () => true },
]

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`)
}

export function Nav(props: { session: SessionInfo; currentPath: string }) {
  const shown = NAV_ITEMS.filter((item) => item.show(props.session))
  return (
    <nav class="nav" aria-label="Main">
      {GROUPS.map((group) => {
        const items = shown.filter((item) => item.group === group)
        if (items.length === 0) return null
        const id = `nav-${group.toLowerCase()}`
        return (
          <section class="nav-group" aria-labelledby={id}>
            <h2 class="nav-heading" id={id}>
              {group}
            </h2>
            <ul>
              {items.map((item) => (
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
          </section>
        )
      })}
    </nav>
  )
}
