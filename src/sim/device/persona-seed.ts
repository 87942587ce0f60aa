/**
 * Seeds a fresh config tree from a persona: hardware ports always, the default configuration
 * unless an export is given.
 */
import type { SimRouter } from './device.ts'
import { macFrom } from './live.ts'
import type { Tree } from './tree.ts'
import { seedUsers } from './users.ts'
import { atLeast } from './version.ts'

export function seedPersona(tree: Tree, dev: SimRouter): void {
  const p = dev.persona
  seedHardware(tree, dev)
  seedUsers(tree, dev.version)
  tree.setSingleton('/system/identity', { name: dev.name })
  tree.setSingleton(
    '/system/clock',
    { 'time-zone-name': 'UTC', 'time-zone-autodetect': 'true' },
    { asDefaults: true },
  )
  seedServices(tree)
  if (dev.opts.seedExport !== undefined) return
  if (p.defaults === 'soho') seedSoho(tree, dev)
  else tree.add('/ip/dhcp-client', { interface: 'ether1', comment: 'defconf' })
}

function seedHardware(tree: Tree, dev: SimRouter): void {
  let n = 0
  for (const port of dev.persona.ports) {
    const mac = macFrom(dev.seed, n++)
    if (port.type === 'ether') {
      tree.add(
        '/interface/ethernet',
        {
          name: port.name,
          'default-name': port.name,
          'mac-address': mac,
          mtu: '1500',
          disabled: 'false',
        },
        builtin(port.name),
      )
    } else if (port.type === 'wlan') {
      const five = port.name !== 'wlan1'
      tree.add(
        '/interface/wireless',
        {
          name: port.name,
          'default-name': port.name,
          'mac-address': mac,
          mode: 'ap-bridge',
          band: five ? '5ghz-a/n/ac' : '2ghz-b/g/n',
          ssid: `MikroTik-${mac.slice(-8).replace(/:/g, '')}`,
          'security-profile': 'default',
          disabled: 'true',
        },
        builtin(port.name),
      )
    } else {
      tree.add(
        '/interface/wifi',
        {
          name: port.name,
          'default-name': port.name,
          'mac-address': mac,
          'configuration.mode': 'ap',
          'configuration.ssid': `MikroTik-${mac.slice(-8).replace(/:/g, '')}`,
          disabled: 'true',
        },
        builtin(port.name),
      )
    }
  }
}

const builtin = (name: string) => ({ builtin: { kind: 'default-name' as const, value: name } })

function seedServices(tree: Tree): void {
  const svc: [string, string, string][] = [
    ['telnet', '23', 'true'],
    ['ftp', '21', 'true'],
    ['www', '80', 'false'],
    ['ssh', '22', 'false'],
    ['www-ssl', '443', 'true'],
    ['api', '8728', 'false'],
    ['winbox', '8291', 'false'],
    ['api-ssl', '8729', 'false'],
  ]
  for (const [name, port, disabled] of svc) {
    tree.add(
      '/ip/service',
      { name, port, disabled, address: '' },
      { builtin: { kind: 'name', key: 'name' } },
    )
  }
}

function seedSoho(tree: Tree, dev: SimRouter): void {
  const ports = dev.persona.ports
  for (const menu of ['/interface/wireless', '/interface/wifi']) {
    for (const w of tree.list(menu)) tree.set(menu, w.id, { disabled: 'false' })
  }
  tree.add('/interface/bridge', {
    name: 'bridge',
    comment: 'defconf',
    'admin-mac': macFrom(dev.seed, 0),
    'auto-mac': 'false',
  })
  for (const port of ports.slice(1)) {
    tree.add('/interface/bridge/port', {
      bridge: 'bridge',
      interface: port.name,
      comment: 'defconf',
    })
  }
  tree.add('/interface/list', { name: 'WAN', comment: 'defconf' })
  tree.add('/interface/list', { name: 'LAN', comment: 'defconf' })
  tree.add('/interface/list/member', { list: 'LAN', interface: 'bridge', comment: 'defconf' })
  tree.add('/interface/list/member', { list: 'WAN', interface: 'ether1', comment: 'defconf' })
  tree.add('/ip/pool', { name: 'default-dhcp', ranges: '192.168.88.10-192.168.88.254' })
  tree.add('/ip/dhcp-server', {
    name: 'defconf',
    interface: 'bridge',
    'address-pool': 'default-dhcp',
  })
  tree.add('/ip/dhcp-server/network', {
    address: '192.168.88.0/24',
    gateway: '192.168.88.1',
    'dns-server': '192.168.88.1',
    comment: 'defconf',
  })
  tree.add('/ip/address', {
    address: '192.168.88.1/24',
    interface: 'bridge',
    network: '192.168.88.0',
    comment: 'defconf',
  })
  tree.add('/ip/dhcp-client', { interface: 'ether1', comment: 'defconf' })
  tree.add('/ip/firewall/nat', {
    chain: 'srcnat',
    action: 'masquerade',
    'out-interface-list': 'WAN',
    comment: 'defconf: masquerade',
  })
  tree.add('/ip/firewall/filter', {
    chain: 'input',
    action: 'accept',
    'connection-state': 'established,related,untracked',
    comment: 'defconf: accept established,related,untracked',
  })
  tree.add('/ip/firewall/filter', {
    chain: 'input',
    action: 'drop',
    'connection-state': 'invalid',
    comment: 'defconf: drop invalid',
  })
  tree.add('/ip/firewall/filter', {
    chain: 'input',
    action: 'drop',
    'in-interface-list': '!LAN',
    comment: 'defconf: drop all not coming from LAN',
  })
  tree.setSingleton('/ip/neighbor/discovery-settings', { 'discover-interface-list': 'LAN' })
  tree.setSingleton('/ip/dns', { 'allow-remote-requests': 'true' })
  if (atLeast(dev.version, '7.0')) tree.setSingleton('/system/note', { 'show-at-login': 'false' })
}
