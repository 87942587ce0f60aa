/** Runtime menus about who is on the network: wireless registrations, DHCP leases, neighbours. */
import type { SimRouter } from './device.ts'
import type { Row } from './runtime.ts'
import { wirelessClients, type WirelessClient } from './live.ts'
import { formatDuration } from './version.ts'

function clients(dev: SimRouter, kind: 'wlan' | 'wifi'): { c: WirelessClient; iface: string }[] {
  const menu = kind === 'wlan' ? '/interface/wireless' : '/interface/wifi'
  const ifaces = dev.tree
    .list(menu)
    .filter((i) => i.props.disabled !== 'true')
    .map((i) => i.props.name ?? '')
  return wirelessClients(dev.seed, dev.uptimeMs / 1000, ifaces.length).map((c) => ({
    c,
    iface: ifaces[c.ifaceIndex] ?? '',
  }))
}

export function legacyRegistration(dev: SimRouter, attrs: Record<string, string>): Row[] {
  const stats = 'stats' in attrs
  return clients(dev, 'wlan').map(({ c, iface }) => {
    const up = dev.uptimeMs / 1000 - c.since
    const row: Row = {
      '.id': `*${(c.slot + 1).toString(16).toUpperCase()}`,
      interface: iface,
      'mac-address': c.mac,
      ap: 'false',
      wds: 'false',
      bridge: 'false',
      'rx-rate': '65Mbps-20MHz/1S',
      'tx-rate': '72.2Mbps-20MHz/1S/SGI',
      uptime: formatDuration(up * 1000),
      'last-activity': '0s',
      'signal-strength': `${c.signal}@1Mbps`,
      'signal-to-noise': String(c.signal + 95),
      'last-ip': c.address,
      'authentication-type': 'wpa2-psk',
      encryption: 'aes-ccm',
      'wmm-enabled': 'true',
    }
    if (stats) {
      const b = Math.floor(up * 3000)
      Object.assign(row, {
        bytes: `${b},${Math.floor(b / 3)}`,
        packets: `${Math.floor(b / 500)},${Math.floor(b / 900)}`,
        'tx-ccq': '88',
        'p-throughput': '27568',
      })
    }
    return row
  })
}

export function wifiRegistration(dev: SimRouter): Row[] {
  return clients(dev, 'wifi').map(({ c, iface }) => {
    const up = dev.uptimeMs / 1000 - c.since
    const b = Math.floor(up * 3000)
    return {
      '.id': `*${(c.slot + 1).toString(16).toUpperCase()}`,
      interface: iface,
      ssid: 'MikroTik',
      'mac-address': c.mac,
      ap: 'false',
      authorized: 'true',
      band: iface === 'wifi1' ? '5ghz-ax' : '2ghz-ax',
      signal: String(c.signal),
      'tx-rate': '1200.9Mbps',
      'rx-rate': '864.8Mbps',
      bytes: `${b},${Math.floor(b / 3)}`,
      packets: `${Math.floor(b / 500)},${Math.floor(b / 900)}`,
      uptime: formatDuration(up * 1000),
      'last-activity': '0s',
      'auth-type': 'wpa2-psk',
      'last-ip': c.address,
    }
  })
}

export function leases(dev: SimRouter): Row[] {
  const now = dev.clock.now()
  const stat = dev.tree.list('/ip/dhcp-server/lease').map((i) => ({
    '.id': i.id,
    dynamic: 'false',
    status: 'waiting',
    blocked: 'false',
    disabled: 'false',
    ...i.props,
  }))
  if (dev.persona.defaults !== 'soho') return stat
  const wl =
    dev.persona.wireless === 'legacy'
      ? clients(dev, 'wlan')
      : dev.persona.wireless === 'wifi'
        ? clients(dev, 'wifi')
        : []
  const dyn = wl.map(({ c }) => ({
    '.id': `*${(0x100 + c.slot).toString(16).toUpperCase()}`,
    address: c.address,
    'mac-address': c.mac,
    'client-id': `1:${c.mac.toLowerCase()}`,
    'address-lists': '',
    server: 'defconf',
    'dhcp-option': '',
    status: 'bound',
    'expires-after': formatDuration(600_000 - (now % 600_000)),
    'last-seen': '0s',
    'active-address': c.address,
    'active-mac-address': c.mac,
    'active-server': 'defconf',
    'host-name': c.hostName,
    radius: 'false',
    dynamic: 'true',
    blocked: 'false',
    disabled: 'false',
  }))
  return [...stat, ...dyn]
}

export function neighbors(dev: SimRouter): Row[] {
  const v = dev.isV7 ? '7.15.3 (stable)' : '6.49.10 (long-term)'
  const iface = dev.persona.defaults === 'soho' ? 'ether2,bridge' : 'ether1'
  const row: Row = {
    '.id': '*1',
    interface: iface,
    address: dev.persona.defaults === 'soho' ? '192.168.88.2' : '10.0.0.1',
    'mac-address': '4C:5E:0C:12:AA:CC',
    identity: 'sw-core',
    platform: 'MikroTik',
    version: v,
    unpack: 'none',
    age: `${Math.floor((dev.uptimeMs / 1000) % 60)}s`,
    uptime: formatDuration(dev.uptimeMs + 3_600_000 * 72),
    'software-id': 'AAAA-AAAA',
    board: 'CRS326-24G-2S+',
    'interface-name': 'ether1',
    'system-caps': 'bridge,router',
    'system-caps-enabled': 'bridge,router',
  }
  if (dev.isV7) row['discovered-by'] = 'mndp'
  return dev.uptimeMs < 10_000 ? [] : [row]
}
