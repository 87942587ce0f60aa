/** Read-only menus computed from live state at read time. */
import type { SimRouter } from './device.ts'
import { apiValue } from './menus.ts'
import { networkOf } from './rows.ts'
import { cpuLoad, drift, freeMemory } from './live.ts'
import { updateStatus } from './firmware.ts'
import { interfaceRows } from './interfaces.ts'
import { leases, legacyRegistration, neighbors, wifiRegistration } from './runtime-clients.ts'
import { atLeast, formatDate, formatDuration, formatTime } from './version.ts'

export type Row = Record<string, string>

const BUILD_TIME: Record<string, number> = {}
function buildTime(dev: SimRouter): string {
  const t = BUILD_TIME[dev.version] ?? Date.UTC(2024, 6, 24, 10, 39, 1)
  if (atLeast(dev.version, '7.15')) return dev.formatDateTime(t)
  const d = dev.formatDateTime(t)
  return d.charAt(0).toUpperCase() + d.slice(1)
}

function resource(dev: SimRouter): Row[] {
  const p = dev.persona
  const t = dev.uptimeMs / 1000
  const row: Row = {
    uptime: formatDuration(dev.uptimeMs),
    version: `${dev.version} (${p.channel})`,
    'build-time': buildTime(dev),
    'factory-software': p.factorySoftware,
    'free-memory': String(freeMemory(dev.seed, t, p.totalMemory)),
    'total-memory': String(p.totalMemory),
    cpu: p.cpu,
    'cpu-count': String(p.cpuCount),
    'cpu-frequency': String(p.cpuFrequency),
    'cpu-load': String(cpuLoad(dev.seed, t)),
    'free-hdd-space': String(Math.round(p.totalHdd * 0.6)),
    'total-hdd-space': String(p.totalHdd),
    'write-sect-since-reboot': String(Math.floor(t / 20)),
    'write-sect-total': String(15000 + Math.floor(t / 20)),
    'architecture-name': p.architecture,
    'board-name': p.board,
    platform: 'MikroTik',
  }
  if (dev.isV7) row['bad-blocks'] = '0'
  return [row]
}

function routerboard(dev: SimRouter): Row[] {
  const p = dev.persona
  if (!p.routerboard) return [{ routerboard: 'false' }]
  const row: Row = {
    routerboard: 'true',
    model: p.model,
    'serial-number': dev.serialNumber,
    'firmware-type': p.architecture === 'arm64' ? 'ipq6000' : 'qca9550L',
    'factory-firmware': p.factorySoftware,
    'current-firmware': dev.firmware,
    'upgrade-firmware': dev.version,
  }
  if (dev.isV7) row['board-name'] = p.board
  return [row]
}

function health(dev: SimRouter): Row[] {
  const t = dev.uptimeMs / 1000
  const val = (v: number, i: number, unit: string) => {
    const x = v + (drift(dev.seed + i, t / 10) - 0.5) * (unit === 'V' ? 0.4 : 4)
    return unit === 'V' ? x.toFixed(1) : String(Math.round(x))
  }
  const sensors = dev.persona.health
  if (!dev.isV7) {
    if (sensors.length === 0) return []
    return [Object.fromEntries(sensors.map((s, i) => [s.name, val(s.value, i, s.type)]))]
  }
  return sensors.map((s, i) => ({
    '.id': `*${(i + 1).toString(16).toUpperCase()}`,
    name: s.name,
    value: val(s.value, i, s.type),
    type: s.type,
  }))
}

function clock(dev: SimRouter): Row[] {
  const s = dev.tree.getSingleton('/system/clock')
  const now = dev.clock.now()
  return [
    {
      time: formatTime(now),
      date: formatDate(now, dev.version),
      'time-zone-autodetect': s['time-zone-autodetect'] ?? 'true',
      'time-zone-name': s['time-zone-name'] ?? 'UTC',
      'gmt-offset': '+00:00',
      'dst-active': 'false',
    },
  ]
}

function packageUpdate(dev: SimRouter): Row[] {
  const row: Row = { channel: dev.persona.channel }
  row[atLeast(dev.version, '6.43') ? 'installed-version' : 'current-version'] = dev.version
  if (dev.updateChecked || dev.pendingVersion !== undefined) {
    row['latest-version'] = dev.latestVersion
    row.status = updateStatus(dev)
  }
  return [row]
}

function logRows(dev: SimRouter): Row[] {
  const today = formatDate(dev.clock.now(), dev.version)
  return dev.logEntries.map((e) => {
    const d = formatDate(e.at, dev.version)
    const shortDate = atLeast(dev.version, '7.10') ? d : d.slice(0, 6)
    return {
      '.id': `*${e.id.toString(16).toUpperCase()}`,
      time: d === today ? formatTime(e.at) : `${shortDate} ${formatTime(e.at)}`,
      topics: e.topics,
      message: e.message,
    }
  })
}

function files(dev: SimRouter): Row[] {
  return [...dev.files.values()].map((f) => ({
    '.id': f.id,
    name: f.name,
    type: f.type,
    size: String(Buffer.byteLength(f.contents) + (f.backup ? 4096 : 0)),
    'creation-time': dev.formatDateTime(f.created),
    ...(f.backup ? {} : { contents: f.contents }),
  }))
}

function packages(dev: SimRouter): Row[] {
  const names = dev.isV7
    ? [
        'routeros',
        ...(dev.persona.wireless === 'legacy'
          ? ['wireless']
          : dev.persona.wireless === 'wifi'
            ? ['wifi-qcom']
            : []),
      ]
    : [`routeros-${dev.persona.architecture}`, 'system', 'wireless', 'dhcp', 'ppp', 'security']
  return names.map((name, i) => ({
    '.id': `*${(i + 1).toString(16).toUpperCase()}`,
    name,
    version: dev.version,
    'build-time': buildTime(dev),
    scheduled: '',
    disabled: 'false',
  }))
}

/** Static routes from the tree plus dynamic connected routes and the DHCP default route. */
function routes(dev: SimRouter): Row[] {
  const v7 = dev.isV7
  const flags = (extra: Row): Row => ({
    dynamic: 'true',
    active: 'true',
    static: 'false',
    disabled: 'false',
    ...extra,
  })
  const stat = dev.tree.list('/ip/route').map((i) => ({
    '.id': i.id,
    distance: '1',
    'routing-table': 'main',
    dynamic: 'false',
    active: 'true',
    static: 'true',
    disabled: 'false',
    ...Object.fromEntries(Object.entries(i.props).map(([k, v]) => [k, apiValue(v)])),
  }))
  const connected = dev.tree
    .list('/ip/address')
    .filter((a) => a.props.disabled !== 'true')
    .map((a, n) => {
      const len = (a.props.address ?? '').split('/')[1] ?? '32'
      const net = `${networkOf(a.props.address ?? '') ?? '0.0.0.0'}/${len}`
      return flags({
        '.id': `*${(0x4000000 + n).toString(16).toUpperCase()}`,
        'dst-address': net,
        gateway: a.props.interface ?? '',
        distance: '0',
        connect: 'true',
        ...(v7
          ? { 'routing-table': 'main', 'immediate-gw': a.props.interface ?? '' }
          : { 'pref-src': (a.props.address ?? '').split('/')[0] ?? '' }),
      })
    })
  const dhcp = dev.tree.list('/ip/dhcp-client').some((c) => c.props.disabled !== 'true')
  const def = dhcp
    ? [
        flags({
          '.id': '*8000000',
          'dst-address': '0.0.0.0/0',
          gateway: '10.0.0.1',
          distance: '1',
          dhcp: 'true',
          ...(v7
            ? { 'routing-table': 'main', 'immediate-gw': '10.0.0.1%ether1' }
            : { 'gateway-status': '10.0.0.1 reachable via  ether1' }),
        }),
      ]
    : []
  return [...def, ...connected, ...stat]
}

function activeUsers(dev: SimRouter): Row[] {
  return [...dev.sessions].map((s) => ({
    '.id': `*${s.id.toString(16).toUpperCase()}`,
    when: dev.formatDateTime(s.since),
    name: s.user,
    address: s.address,
    via: s.via,
    group: s.group,
    radius: 'false',
  }))
}

/** Runtime menus: path → rows. */
export const RUNTIME: Readonly<
  Record<string, (dev: SimRouter, attrs: Record<string, string>) => Row[]>
> = {
  '/interface': (d) => interfaceRows(d),
  '/system/resource': resource,
  '/system/routerboard': routerboard,
  '/system/health': health,
  '/system/clock': clock,
  '/system/package/update': packageUpdate,
  '/interface/wireless/registration-table': legacyRegistration,
  '/interface/wifi/registration-table': (d) => wifiRegistration(d),
  '/ip/dhcp-server/lease': (d) => leases(d),
  '/ip/neighbor': neighbors,
  '/ip/route': (d) => routes(d),
  '/log': (d) => logRows(d),
  '/file': (d) => files(d),
  '/user/active': (d) => activeUsers(d),
  '/system/license': (d): Row[] => [
    d.isV7
      ? { 'system-id': d.softwareId, level: d.persona.routerboard ? 'p1' : 'free' }
      : { 'software-id': d.softwareId, nlevel: '4' },
  ],
  '/system/package': packages,
  '/system/history': () => [],
}
