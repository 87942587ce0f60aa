// The config editor's catalogue: the common RouterOS menus with their properties and types per
// major version. A path typed by hand that is not listed still works (fields come from what the
// device prints); the catalogue only adds labels, types and which menus are ordered/singletons.
// Specs are compact strings `name:type` (type omitted = text) so the table stays readable.

export type PropertyType = 'text' | 'bool' | 'number' | 'ip' | 'cidr' | 'iface' | 'secret' | 'time'
export type MenuKind = 'list' | 'ordered' | 'singleton'

export interface MenuSpec {
  path: string
  title: string
  kind: MenuKind
  /** property → type, in display order */
  props: Readonly<Record<string, PropertyType>>
  /** the properties that identify an item (for `where` and restore matching) */
  key: readonly string[]
}

type Raw = [path: string, title: string, kind: MenuKind, props: string, key?: string]

const COMMON: Raw[] = [
  [
    '/ip/address',
    'IP addresses',
    'list',
    'address:cidr network:ip interface:iface comment disabled:bool',
    'address',
  ],
  [
    '/ip/route',
    'Routes',
    'list',
    'dst-address:cidr gateway distance:number routing-mark comment disabled:bool',
    'dst-address',
  ],
  [
    '/ip/firewall/filter',
    'Firewall filter',
    'ordered',
    'chain action protocol src-address:cidr dst-address:cidr src-address-list dst-address-list dst-port in-interface:iface out-interface:iface in-interface-list connection-state log:bool comment disabled:bool',
  ],
  [
    '/ip/firewall/nat',
    'NAT',
    'ordered',
    'chain action protocol src-address:cidr dst-address:cidr dst-port to-addresses:ip to-ports in-interface:iface out-interface:iface out-interface-list comment disabled:bool',
  ],
  [
    '/ip/firewall/mangle',
    'Mangle',
    'ordered',
    'chain action protocol src-address:cidr dst-address:cidr new-routing-mark new-connection-mark passthrough:bool comment disabled:bool',
  ],
  [
    '/ip/firewall/address-list',
    'Address lists',
    'list',
    'list address timeout:time comment disabled:bool',
    'list,address',
  ],
  ['/interface', 'Interfaces', 'list', 'name mtu:number comment disabled:bool', 'name'],
  ['/interface/ethernet', 'Ethernet', 'list', 'name mtu:number comment disabled:bool', 'name'],
  [
    '/interface/bridge',
    'Bridges',
    'list',
    'name vlan-filtering:bool protocol-mode comment disabled:bool',
    'name',
  ],
  [
    '/interface/bridge/port',
    'Bridge ports',
    'list',
    'bridge:iface interface:iface pvid:number comment disabled:bool',
    'interface',
  ],
  [
    '/interface/bridge/vlan',
    'Bridge VLANs',
    'list',
    'bridge:iface vlan-ids tagged untagged comment disabled:bool',
    'bridge,vlan-ids',
  ],
  [
    '/interface/vlan',
    'VLANs',
    'list',
    'name vlan-id:number interface:iface comment disabled:bool',
    'name',
  ],
  ['/ip/pool', 'IP pools', 'list', 'name ranges comment', 'name'],
  [
    '/ip/dhcp-server',
    'DHCP servers',
    'list',
    'name interface:iface address-pool lease-time:time comment disabled:bool',
    'name',
  ],
  [
    '/ip/dhcp-server/network',
    'DHCP networks',
    'list',
    'address:cidr gateway:ip dns-server comment',
    'address',
  ],
  [
    '/ip/dhcp-server/lease',
    'DHCP leases',
    'list',
    'address:ip mac-address server comment disabled:bool',
    'mac-address',
  ],
  [
    '/ip/dhcp-client',
    'DHCP client',
    'list',
    'interface:iface add-default-route use-peer-dns:bool comment disabled:bool',
    'interface',
  ],
  ['/ip/dns', 'DNS', 'singleton', 'servers allow-remote-requests:bool cache-size:number'],
  [
    '/ip/dns/static',
    'Static DNS',
    'list',
    'name address:ip ttl:time comment disabled:bool',
    'name',
  ],
  ['/system/identity', 'Identity', 'singleton', 'name'],
  ['/system/clock', 'Clock', 'singleton', 'time-zone-name time-zone-autodetect:bool'],
  ['/user', 'Users', 'list', 'name group address password:secret comment disabled:bool', 'name'],
  ['/snmp', 'SNMP', 'singleton', 'enabled:bool contact location trap-version:number'],
  [
    '/snmp/community',
    'SNMP communities',
    'list',
    'name addresses security read-access:bool write-access:bool',
    'name',
  ],
  [
    '/queue/simple',
    'Simple queues',
    'ordered',
    'name target max-limit comment disabled:bool',
    'name',
  ],
  ['/ip/service', 'IP services', 'list', 'name port:number address disabled:bool', 'name'],
  [
    '/system/scheduler',
    'Scheduler',
    'list',
    'name start-date start-time interval on-event comment disabled:bool',
    'name',
  ],
]

const V6: Raw[] = [
  [
    '/system/ntp/client',
    'NTP client',
    'singleton',
    'enabled:bool primary-ntp:ip secondary-ntp:ip server-dns-names',
  ],
  [
    '/interface/wireless',
    'Wireless',
    'list',
    'name ssid mode band frequency security-profile comment disabled:bool',
    'name',
  ],
  [
    '/interface/wireless/security-profiles',
    'Wireless security',
    'list',
    'name mode authentication-types wpa2-pre-shared-key:secret',
    'name',
  ],
]

const V7: Raw[] = [
  ['/system/ntp/client', 'NTP client', 'singleton', 'enabled:bool servers mode'],
  [
    '/routing/rule',
    'Routing rules',
    'ordered',
    'src-address:cidr dst-address:cidr action table comment disabled:bool',
  ],
  [
    '/interface/wireguard',
    'WireGuard',
    'list',
    'name listen-port:number private-key:secret mtu:number comment disabled:bool',
    'name',
  ],
  [
    '/interface/wireguard/peers',
    'WireGuard peers',
    'list',
    'interface:iface public-key endpoint-address endpoint-port:number allowed-address preshared-key:secret comment disabled:bool',
    'public-key',
  ],
  [
    '/interface/wifi',
    'Wi-Fi',
    'list',
    'name configuration.ssid configuration.mode security.authentication-types security.passphrase:secret comment disabled:bool',
    'name',
  ],
  [
    '/interface/wireless',
    'Wireless (legacy)',
    'list',
    'name ssid mode band frequency security-profile comment disabled:bool',
    'name',
  ],
]

function build(raw: Raw[]): MenuSpec[] {
  return raw.map(([path, title, kind, props, key]) => ({
    path,
    title,
    kind,
    props: Object.fromEntries(
      props.split(' ').map((p) => {
        const [n, t] = p.split(':') as [string, PropertyType | undefined]
        return [n, t ?? 'text']
      }),
    ),
    key: key ? key.split(',') : [],
  }))
}

const BY_MAJOR: Readonly<Record<6 | 7, MenuSpec[]>> = {
  6: build([...COMMON, ...V6]),
  7: build([...COMMON, ...V7]),
}

/** RouterOS major of a version string (`6.49.10` → 6); anything else counts as 7. */
export function majorOf(version: string | null | undefined): 6 | 7 {
  return version?.trim().startsWith('6.') ? 6 : 7
}

/** The catalogue for a device's RouterOS version. */
export function catalogue(version: string | null | undefined): readonly MenuSpec[] {
  return BY_MAJOR[majorOf(version)]
}

export function menuSpec(version: string | null | undefined, path: string): MenuSpec | undefined {
  return catalogue(version).find((m) => m.path === path)
}

/** Ordered menus (firewall, NAT, mangle, routing rules, queues): restore replaces them in order. */
export function isOrdered(path: string): boolean {
  return BY_MAJOR[7].some((m) => m.path === path && m.kind === 'ordered')
}

/** `/ip firewall filter` or `ip/firewall/filter/` → `/ip/firewall/filter`; undefined if malformed. */
export function normalizePath(path: string): string | undefined {
  const parts = path
    .trim()
    .split(/[\s/]+/)
    .filter((s) => s !== '')
  if (parts.length === 0 || parts.some((p) => !/^[a-z0-9][a-z0-9.-]*$/.test(p))) return undefined
  return `/${parts.join('/')}`
}
