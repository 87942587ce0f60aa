/** API form of config-tree items: stored props plus the read-only columns RouterOS adds. */
import type { SimRouter } from './device.ts'
import { apiValue } from './menus.ts'
import type { Row } from './runtime.ts'
import type { ConfigItem } from './tree.ts'
import { formatDuration } from './version.ts'

const NO_DISABLED = new Set([
  '/user/group',
  '/system/script',
  '/interface/list',
  '/ip/pool',
  '/system/logging/action',
  '/certificate',
])

/** Network address of `a.b.c.d/len`. */
export function networkOf(cidr: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr)
  if (!m) return undefined
  const parts = m.slice(1, 5).map(Number)
  if (parts.some((p) => p > 255)) return undefined
  const len = m[5] === undefined ? 32 : Number(m[5])
  if (len > 32) return undefined
  const ip = parts.reduce((a, p) => a * 256 + p, 0)
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
  const net = (ip & mask) >>> 0
  return [24, 16, 8, 0].map((s) => (net >>> s) & 0xff).join('.')
}

export function formatItem(dev: SimRouter, path: string, item: ConfigItem): Row {
  const row: Row = { '.id': item.id }
  for (const [k, v] of Object.entries(item.props)) {
    if (path === '/user' && k === 'password') continue
    row[k] = apiValue(v)
  }
  if (!NO_DISABLED.has(path) && row.disabled === undefined) row.disabled = 'false'
  if (path === '/ip/address') {
    row.network ??= networkOf(row.address ?? '') ?? ''
    row['actual-interface'] = row.interface ?? ''
    row.invalid ??= 'false'
    row.dynamic ??= 'false'
  } else if (path === '/system/scheduler' || path === '/system/script') {
    const info = dev.jobInfo(path, item.id)
    row['run-count'] = String(info.count)
    row.owner ??= 'admin'
    if (info.last !== undefined) row['last-started'] = dev.formatDateTime(info.last)
    if (path === '/system/scheduler') {
      row.interval ??= '0s'
      if (info.next !== undefined) row['next-run'] = dev.formatDateTime(info.next)
    } else {
      row.invalid ??= 'false'
    }
  } else if (path === '/user') {
    row['last-logged-in'] ??= ''
  } else if (path === '/ip/dhcp-client') {
    row.status = 'bound'
    row.address = '10.0.0.2/24'
    row.gateway = '10.0.0.1'
  } else if (path === '/ip/service' && row.port !== undefined) {
    row.invalid ??= 'false'
  }
  if (row['interval'] === '') row.interval = formatDuration(0)
  return row
}
