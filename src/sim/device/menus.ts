/** Which menus exist, how interface menus map to `/interface` types, and value normalisation. */
import type { Persona } from './personas.ts'
import { atLeast } from './version.ts'

/** Type menus whose items also appear in `/interface` (menu → `type=`). */
export const INTERFACE_MENUS: Readonly<Record<string, string>> = {
  '/interface/ethernet': 'ether',
  '/interface/wireless': 'wlan',
  '/interface/wifi': 'wifi',
  '/interface/bridge': 'bridge',
  '/interface/vlan': 'vlan',
  '/interface/bonding': 'bond',
  '/interface/wireguard': 'wg',
  '/interface/eoip': 'eoip',
  '/interface/gre': 'gre',
  '/interface/ipip': 'ipip',
  '/interface/vrrp': 'vrrp',
  '/interface/veth': 'veth',
  '/interface/pppoe-client': 'pppoe-out',
  '/interface/l2tp-client': 'l2tp-out',
  '/interface/sstp-client': 'sstp-out',
  '/interface/ovpn-client': 'ovpn-out',
  '/interface/lte': 'lte',
}

/** Ordinary configuration menus (list menus backed by the config tree). */
const CONFIG_MENUS = [
  '/interface/bridge/port',
  '/interface/bridge/vlan',
  '/interface/list',
  '/interface/list/member',
  '/interface/wireless/security-profiles',
  '/interface/wireless/access-list',
  '/interface/wifi/configuration',
  '/interface/wifi/security',
  '/interface/wifi/access-list',
  '/interface/ethernet/switch',
  '/interface/wireguard/peers',
  '/ip/address',
  '/ip/pool',
  '/ip/dhcp-server',
  '/ip/dhcp-server/network',
  '/ip/dhcp-client',
  '/ip/dns/static',
  '/ip/firewall/filter',
  '/ip/firewall/nat',
  '/ip/firewall/mangle',
  '/ip/firewall/raw',
  '/ip/firewall/address-list',
  '/ip/firewall/service-port',
  '/ip/service',
  '/ip/ipsec/profile',
  '/ip/ipsec/proposal',
  '/ip/ipsec/peer',
  '/ip/ipsec/identity',
  '/ip/ipsec/policy',
  '/ip/hotspot',
  '/ip/route',
  '/ip/arp',
  '/ip/upnp/interfaces',
  '/ipv6/address',
  '/ipv6/firewall/filter',
  '/ipv6/firewall/address-list',
  '/ipv6/route',
  '/ipv6/nd',
  '/ipv6/dhcp-client',
  '/ppp/secret',
  '/ppp/profile',
  '/queue/simple',
  '/queue/tree',
  '/queue/type',
  '/routing/ospf/instance',
  '/routing/ospf/area',
  '/routing/bgp/connection',
  '/routing/filter/rule',
  '/routing/table',
  '/snmp/community',
  '/system/logging',
  '/system/logging/action',
  '/system/scheduler',
  '/system/script',
  '/system/ntp/server',
  '/tool/netwatch',
  '/tool/romon/port',
  '/user',
  '/user/group',
  '/certificate',
  '/radius',
] as const

const SINGLETON_MENUS = [
  '/system/identity',
  '/system/clock',
  '/system/note',
  '/ip/dns',
  '/snmp',
  '/system/ntp/client',
  '/ip/settings',
  '/ip/neighbor/discovery-settings',
  '/ip/cloud',
  '/ip/ssh',
  '/ipv6/settings',
  '/interface/bridge/settings',
  '/tool/mac-server',
  '/tool/mac-server/mac-winbox',
  '/system/routerboard/settings',
  '/ip/proxy',
  '/ip/socks',
  '/ip/upnp',
  '/tool/bandwidth-server',
] as const

/** Menus computed from live state (read-only lists or singletons). */
export const RUNTIME_MENUS = [
  '/interface',
  '/system/resource',
  '/system/routerboard',
  '/system/health',
  '/system/package/update',
  '/interface/wireless/registration-table',
  '/interface/wifi/registration-table',
  '/ip/neighbor',
  '/ip/dhcp-server/lease',
  '/log',
  '/file',
  '/user/active',
  '/system/history',
  '/system/license',
  '/system/package',
] as const

export const CONFIG_MENU_SET: ReadonlySet<string> = new Set<string>([
  ...CONFIG_MENUS,
  ...Object.keys(INTERFACE_MENUS),
])
export const SINGLETON_MENU_SET: ReadonlySet<string> = new Set<string>(SINGLETON_MENUS)

/** Menus whose items must have unique `name`s. */
export const UNIQUE_NAME_MENUS: ReadonlySet<string> = new Set([
  ...Object.keys(INTERFACE_MENUS),
  '/interface/list',
  '/ip/pool',
  '/ip/dhcp-server',
  '/user',
  '/user/group',
  '/system/script',
  '/system/scheduler',
  '/ppp/secret',
  '/ppp/profile',
  '/queue/simple',
  '/interface/wireless/security-profiles',
  '/interface/wifi/configuration',
  '/interface/wifi/security',
  '/routing/table',
  '/certificate',
])

/** Whether a menu exists on this persona at this version (packages and renames). */
export function menuAvailable(path: string, persona: Persona, version: string): boolean {
  const v7 = atLeast(version, '7.0')
  if (path.startsWith('/interface/wireless')) return persona.wireless === 'legacy'
  if (path.startsWith('/interface/wifiwave2'))
    return v7 && !atLeast(version, '7.13') && persona.wireless === 'wifi'
  if (path.startsWith('/interface/wifi')) return atLeast(version, '7.13')
  if (path === '/system/health') return true
  if (path.startsWith('/routing/bgp/connection') || path.startsWith('/routing/filter/rule'))
    return v7
  if (
    path === '/routing/table' ||
    path === '/interface/wireguard' ||
    path === '/interface/wireguard/peers'
  )
    return v7
  return true
}

/** API form of a stored value: booleans are `true`/`false` on the wire. */
export function apiValue(v: string): string {
  if (v === 'yes') return 'true'
  if (v === 'no') return 'false'
  return v
}

/** Normalises an input value for storage (`yes`/`no` → `true`/`false`). */
export function storeValue(v: string): string {
  return apiValue(v)
}
