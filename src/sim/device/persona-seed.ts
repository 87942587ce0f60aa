/**
 * Seeds a fresh config tree from a persona: hardware ports always (plus every port a seed export
 * names), built-in items, and the default configuration unless an export is given.
 */
import type { ParsedExport } from '../config/export-parser.ts'
import type { SimRouter } from './device.ts'
import { macFrom } from './live.ts'
import type { PersonaPort } from './personas.ts'
import type { Tree } from './tree.ts'
import { seedUsers } from './users.ts'
import { atLeast } from './version.ts'

export function seedPersona(tree: Tree, dev: SimRouter, seed?: ParsedExport): void {
  const p = dev.persona
  seedHardware(tree, dev, seed ? exportPorts(seed, p.ports) : p.ports)
  seedUsers(tree, dev.version)
  seedLogging(tree)
  tree.setSingleton('/system/identity', { name: dev.name })
  tree.setSingleton(
    '/system/clock',
    { 'time-zone-name': 'UTC', 'time-zone-autodetect': 'true' },
    { asDefaults: true },
  )
  seedServices(tree, dev.version)
  if (dev.opts.seedExport !== undefined) return
  if (p.defaults === 'soho') seedSoho(tree, dev)
  else tree.add('/ip/dhcp-client', { interface: 'ether1', comment: 'defconf' })
}

const PORT_MENUS: Record<string, PersonaPort['type']> = {
  '/interface/ethernet': 'ether',
  '/interface/wireless': 'wlan',
  '/interface/wifi': 'wifi',
  '/interface/wifiwave2': 'wifi',
}

/**
 * The persona's ports plus every port the export selects by `default-name` (a 15-port CHR export
 * seeded into a 5-port persona keeps ether6…ether15, with MAC addresses like the others).
 */
export function exportPorts(seed: ParsedExport, persona: readonly PersonaPort[]): PersonaPort[] {
  const ports = [...persona]
  const known = new Set(persona.map((p) => p.name))
  for (const c of seed.commands) {
    const type = PORT_MENUS[c.path]
    const name = c.selector?.kind === 'find' ? c.selector.where['default-name'] : undefined
    if (type === undefined || name === undefined || known.has(name)) continue
    known.add(name)
    insertPort(ports, { name, type })
  }
  return ports
}

/** Inserts after the last port of the same kind with a lower number (ether10 after ether9). */
function insertPort(ports: PersonaPort[], port: PersonaPort): void {
  const split = (n: string): [string, number] => {
    const m = /^(.*?)(\d+)$/.exec(n)
    return m ? [m[1] ?? '', Number(m[2])] : [n, 0]
  }
  const [prefix, num] = split(port.name)
  let at = -1
  ports.forEach((p, i) => {
    const [pp, pn] = split(p.name)
    if (pp === prefix && pn < num) at = i
  })
  if (at < 0) ports.push(port)
  else ports.splice(at + 1, 0, port)
}

function seedHardware(tree: Tree, dev: SimRouter, ports: readonly PersonaPort[]): void {
  let n = 0
  for (const port of ports) {
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

/** RouterOS 6 ships telnet and ftp enabled (6.x exports say `set telnet disabled=yes`). */
function seedServices(tree: Tree, version: string): void {
  const legacyOff = atLeast(version, '7.0') ? 'true' : 'false'
  const svc: [string, string, string][] = [
    ['telnet', '23', legacyOff],
    ['ftp', '21', legacyOff],
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

/**
 * The default logging actions and rules, addressed by number in exports
 * (`/system logging action set 3 remote=…`).
 */
function seedLogging(tree: Tree): void {
  const actions: Record<string, string>[] = [
    { name: 'memory', target: 'memory', 'memory-lines': '1000' },
    {
      name: 'disk',
      target: 'disk',
      'disk-file-name': 'log',
      'disk-file-count': '2',
      'disk-lines-per-file': '1000',
    },
    { name: 'echo', target: 'echo', remember: 'true' },
    {
      name: 'remote',
      target: 'remote',
      remote: '0.0.0.0',
      'remote-port': '514',
      'src-address': '0.0.0.0',
    },
  ]
  actions.forEach((a, n) =>
    tree.add('/system/logging/action', a, { builtin: { kind: 'index', n } }),
  )
  const rules: [string, string][] = [
    ['info', 'memory'],
    ['error', 'memory'],
    ['warning', 'memory'],
    ['critical', 'echo'],
  ]
  rules.forEach(([topics, action], n) => {
    tree.add(
      '/system/logging',
      { topics, action, prefix: '', disabled: 'false' },
      { builtin: { kind: 'index', n } },
    )
  })
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
