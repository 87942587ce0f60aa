/**
 * Static knowledge about RouterOS menus used by the config tree, the export parser and the
 * export renderer: which menus are singletons (`set` without an item selector), the order in
 * which `/export` prints menus, which properties are secrets and which are never exported.
 */

/** Menus that hold one settings object (exported as `set key=value`, no selector). */
export const SINGLETON_MENUS: ReadonlySet<string> = new Set([
  '/system/identity', '/system/clock', '/system/clock/manual', '/system/note', '/system/ntp/client',
  '/system/ntp/server', '/system/routerboard/settings', '/system/routerboard/mode-button',
  '/system/routerboard/reset-button', '/system/routerboard/wps-button', '/system/watchdog',
  '/system/upgrade/mirror', '/system/package/update', '/system/health/settings',
  '/system/leds/settings', '/system/logging/action-settings', '/system/console/screen',
  '/ip/dns', '/ip/settings', '/ipv6/settings', '/ip/ssh', '/ip/cloud', '/ip/cloud/advanced',
  '/ip/upnp', '/ip/proxy', '/ip/socks', '/ip/smb', '/ip/traffic-flow', '/ip/traffic-flow/ipfix',
  '/ip/firewall/connection/tracking', '/ip/neighbor/discovery-settings', '/ip/dhcp-server/config',
  '/ip/hotspot/service-port', '/ip/media', '/ip/tftp/settings', '/ip/ipsec/settings',
  '/ipv6/nd/prefix/default', '/snmp', '/tool/mac-server', '/tool/mac-server/mac-winbox',
  '/tool/mac-server/ping', '/tool/bandwidth-server', '/tool/romon', '/tool/sniffer', '/tool/e-mail',
  '/tool/graphing', '/tool/sms', '/tool/traffic-generator', '/disk/settings', '/user/aaa',
  '/user/settings', '/ppp/aaa', '/radius/incoming', '/certificate/settings', '/caps-man/manager',
  '/caps-man/aaa', '/caps-man/manager/interface', '/interface/wireless/cap',
  '/interface/wireless/align', '/interface/wireless/sniffer', '/interface/wireless/snooper',
  '/interface/wifi/cap', '/interface/wifi/capsman', '/interface/wifiwave2/cap',
  '/interface/wifiwave2/capsman', '/interface/bridge/settings', '/interface/detect-internet',
  '/interface/ethernet/switch/settings', '/interface/ovpn-server/server',
  '/interface/pptp-server/server', '/interface/sstp-server/server', '/interface/l2tp-server/server',
  '/interface/lte/settings', '/lcd', '/system/gps', '/mpls', '/mpls/ldp', '/routing/bfd/configuration',
  '/ip/hotspot/user-manager', '/user-manager', '/ip/firewall/service-port/default',
  '/system/scheduler/settings', '/port/firmware', '/container/config', '/ip/vrrp/settings',
  '/system/resource', '/system/routerboard', '/system/license', '/system/device-mode',
])

/**
 * Order in which RouterOS prints menus in `/export` (merged from real exports of 6.x and 7.x).
 * Menus not listed keep the position at which they were first created.
 */
export const MENU_ORDER: readonly string[] = [
  '/interface/bridge', '/interface/ethernet', '/interface/ethernet/switch', '/interface/wireless',
  '/interface/wifi', '/interface/wifiwave2', '/interface/eoip', '/interface/gre',
  '/interface/ipip', '/interface/l2tp-client', '/interface/ovpn-client', '/interface/pptp-client',
  '/interface/sstp-client', '/interface/wireguard', '/interface/vlan', '/interface/vrrp',
  '/interface/bonding', '/interface/pppoe-client', '/interface/lte', '/disk', '/interface/list',
  '/interface/lte/apn', '/interface/wireless/security-profiles', '/interface/wifi/security',
  '/interface/wifi/configuration', '/ip/hotspot/profile', '/ip/hotspot/user/profile',
  '/ip/ipsec/profile', '/ip/ipsec/peer', '/ip/ipsec/proposal', '/ip/pool', '/ip/dhcp-server',
  '/port', '/ppp/profile', '/queue/type', '/queue/simple', '/queue/tree',
  '/routing/bgp/template', '/routing/ospf/instance', '/routing/ospf/area', '/routing/table',
  '/snmp/community', '/system/logging/action', '/user/group', '/disk/settings',
  '/interface/bridge/port', '/interface/bridge/vlan', '/interface/bridge/settings',
  '/ip/firewall/connection/tracking', '/ip/neighbor/discovery-settings', '/ip/settings',
  '/ipv6/settings', '/interface/detect-internet', '/interface/list/member',
  '/interface/ovpn-server/server', '/interface/pptp-server/server', '/interface/sstp-server/server',
  '/interface/l2tp-server/server', '/interface/wireguard/peers', '/interface/wireless/access-list',
  '/ip/address', '/ip/cloud', '/ip/dhcp-client', '/ip/dhcp-server/lease', '/ip/dhcp-server/network',
  '/ip/dns', '/ip/dns/static', '/ip/firewall/address-list', '/ip/firewall/filter',
  '/ip/firewall/mangle', '/ip/firewall/nat', '/ip/firewall/raw', '/ip/firewall/service-port',
  '/ip/hotspot/user', '/ip/ipsec/identity', '/ip/ipsec/policy', '/ip/route', '/ip/service',
  '/ip/smb/shares', '/ip/ssh', '/ip/upnp', '/ip/upnp/interfaces', '/ipv6/address',
  '/ipv6/dhcp-client', '/ipv6/firewall/address-list', '/ipv6/firewall/filter',
  '/ipv6/firewall/nat', '/ipv6/nd', '/ppp/secret', '/routing/bgp/connection',
  '/routing/ospf/interface-template', '/snmp', '/system/clock', '/system/identity',
  '/system/logging', '/system/note', '/system/ntp/client', '/system/ntp/server',
  '/system/ntp/client/servers', '/system/routerboard/settings', '/system/scheduler',
  '/system/script', '/tool/bandwidth-server', '/tool/e-mail', '/tool/mac-server',
  '/tool/mac-server/mac-winbox', '/tool/netwatch', '/tool/romon', '/user', '/user/aaa',
]

/** Property names whose values are secrets (hidden unless show-sensitive on v7, or by hide-sensitive on v6). */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  'password', 'secret', 'passphrase', 'wpa-pre-shared-key', 'wpa2-pre-shared-key',
  'authentication-password', 'encryption-password', 'private-key', 'preshared-key',
  'pre-shared-key', 'management-protection-key', 'authentication-key', 'auth-key',
  'static-algo-0', 'static-key-0', 'static-key-1', 'static-key-2', 'static-key-3',
  'static-sta-private-key', 'static-transmit-key', 'psk', 'wpa3-psk', 'ldap-password',
  'x-auth-password',
])

/** Properties that are state, not configuration: never exported, even in verbose mode. */
export const READ_ONLY_KEYS: ReadonlySet<string> = new Set([
  '.id', 'dynamic', 'invalid', 'running', 'actual-interface', 'default-name', 'default', 'builtin',
  'last-link-up-time', 'last-link-down-time', 'link-downs', 'active', 'slave', 'inactive',
  'run-count', 'last-started', 'next-run', 'owner-id', 'status', 'mac-address-active',
])

/** Free-text properties whose `yes`/`no` values stay literal instead of becoming booleans. */
export const TEXT_KEYS: ReadonlySet<string> = new Set([
  'comment', 'name', 'source', 'on-event', 'password', 'secret', 'contact', 'location', 'note',
  'message', 'identity', 'supplicant-identity', 'user', 'list', 'ssid', 'value', 'contents',
])

export function isSingletonMenu(path: string): boolean {
  return SINGLETON_MENUS.has(path)
}

/** '/ip/firewall/filter' → '/ip firewall filter' (the form used in export section headers). */
export function toSpacePath(path: string): string {
  const words = path.split('/').filter((w) => w !== '')
  return '/' + words.join(' ')
}

/** '/ip firewall filter' or 'ip/firewall/filter' → '/ip/firewall/filter'. */
export function toSlashPath(path: string): string {
  const words = path.split(/[\s/]+/).filter((w) => w !== '')
  return '/' + words.join('/')
}
