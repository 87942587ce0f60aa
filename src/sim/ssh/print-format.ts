/**
 * Terminal formatting of `print` output, as RouterOS shows it over SSH: settings menus as
 * right-aligned `key: value` lines (values padded to one width from 7.18), lists as numbered
 * `key=value` rows. `/system resource` values get their units (MiB, MHz, %).
 */
import { atLeast } from '../device/version.ts'

type Row = Record<string, string>

const RESOURCE_ORDER = [
  'uptime',
  'version',
  'build-time',
  'factory-software',
  'free-memory',
  'total-memory',
  'cpu',
  'cpu-count',
  'cpu-frequency',
  'cpu-load',
  'free-hdd-space',
  'total-hdd-space',
  'write-sect-since-reboot',
  'write-sect-total',
  'bad-blocks',
  'architecture-name',
  'board-name',
  'platform',
]

const BYTES = new Set(['free-memory', 'total-memory', 'free-hdd-space', 'total-hdd-space'])

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)}MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)}KiB`
  return `${n}B`
}

function cliValue(key: string, value: string, path: string): string {
  if (path === '/system/resource') {
    if (BYTES.has(key) && /^\d+$/.test(value)) return formatBytes(Number(value))
    if (key === 'cpu-frequency' && /^\d+$/.test(value)) return `${value}MHz`
    if ((key === 'cpu-load' || key === 'bad-blocks') && /^\d+$/.test(value)) return `${value}%`
  }
  if (value === 'true') return 'yes'
  if (value === 'false') return 'no'
  return value
}

function orderedKeys(row: Row, path: string): string[] {
  const keys = Object.keys(row).filter((k) => !k.startsWith('.'))
  if (path !== '/system/resource') return keys
  const rank = (k: string): number => {
    const i = RESOURCE_ORDER.indexOf(k)
    return i < 0 ? RESOURCE_ORDER.length : i
  }
  return keys.sort((a, b) => rank(a) - rank(b))
}

/** `key: value` block of a settings menu. */
export function formatSettings(row: Row, path: string, version: string): string[] {
  const keys = orderedKeys(row, path)
  const width = Math.max(0, ...keys.map((k) => k.length)) + 2
  const values = keys.map((k) => cliValue(k, row[k] ?? '', path))
  const pad = atLeast(version, '7.18') ? Math.max(0, ...values.map((v) => v.length)) : 0
  return keys.map((k, i) => `${k.padStart(width)}: ${(values[i] ?? '').padEnd(pad)}`)
}

/** Numbered rows of a list menu (`print terse`-like, with X for disabled items). */
export function formatList(rows: Row[], path: string): string[] {
  const width = String(Math.max(0, rows.length - 1)).length
  return rows.map((row, i) => {
    const flag = row.disabled === 'true' ? 'X' : row.dynamic === 'true' ? 'D' : ' '
    const pairs = orderedKeys(row, path)
      .filter((k) => k !== 'disabled' && k !== 'dynamic')
      .map((k) => `${k}=${cliValue(k, row[k] ?? '', path)}`)
    return `${String(i).padStart(width + 1)} ${flag} ${pairs.join(' ')}`
  })
}

/** Lines for the rows a print returned: settings form when there is one row without `.id`. */
export function formatPrint(rows: Row[], path: string, version: string): string[] {
  const only = rows[0]
  if (rows.length === 1 && only && only['.id'] === undefined)
    return formatSettings(only, path, version)
  return formatList(rows, path)
}
