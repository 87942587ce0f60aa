// The closed list of rule kinds: what each watches and the defaults every tenant gets. A rule kind
// reads either a metric of the poll (cpu, memory, …), the device status (offline, login failed)
// or a device event (rebooted, config changed, backup failed). A kind whose data a router doesn't
// deliver (no wireless on a v7 wired router, no such sensor) simply never sees a value, so it can
// never fire there; kinds with no data source at all (CCQ, which RouterOS v7 dropped) don't exist.
import type { AlertScopeKind, AlertSeverity } from '../db/schema-alerts.ts'
import type { MetricName } from '../metrics/index.ts'

/** How a kind gets its value. */
export type RuleSource =
  | { type: 'metric'; metric: MetricName }
  | { type: 'status'; statuses: readonly string[] }
  | { type: 'event'; events: readonly string[] }
  | { type: 'syslog' }

export interface RuleKindInfo {
  title: string
  unit: string
  source: RuleSource
}

export const RULE_KINDS = {
  cpu: { title: 'CPU load', unit: '%', source: { type: 'metric', metric: 'cpu' } },
  memory: { title: 'Memory used', unit: '%', source: { type: 'metric', metric: 'mem_used' } },
  disk: { title: 'Disk used', unit: '%', source: { type: 'metric', metric: 'disk_used' } },
  temperature: {
    title: 'Temperature',
    unit: '°C',
    source: { type: 'metric', metric: 'temperature' },
  },
  voltage: { title: 'Voltage', unit: 'V', source: { type: 'metric', metric: 'voltage' } },
  interface_rx: {
    title: 'Interface receive rate',
    unit: 'bit/s',
    source: { type: 'metric', metric: 'if_rx' },
  },
  interface_tx: {
    title: 'Interface transmit rate',
    unit: 'bit/s',
    source: { type: 'metric', metric: 'if_tx' },
  },
  wireless_signal: {
    title: 'Wireless client signal (average)',
    unit: 'dBm',
    source: { type: 'metric', metric: 'wl_signal' },
  },
  wireless_clients: {
    title: 'Wireless clients',
    unit: '',
    source: { type: 'metric', metric: 'wl_clients' },
  },
  offline: { title: 'Device offline', unit: '', source: { type: 'status', statuses: ['offline'] } },
  auth_failed: {
    title: 'Login failed',
    unit: '',
    source: { type: 'status', statuses: ['auth_failed'] },
  },
  rebooted: {
    title: 'Rebooted (uptime reset)',
    unit: '',
    source: { type: 'event', events: ['rebooted'] },
  },
  version_changed: {
    title: 'RouterOS version changed',
    unit: '',
    source: { type: 'event', events: ['version_changed'] },
  },
  config_changed: {
    title: 'Configuration changed',
    unit: '',
    source: { type: 'event', events: ['config.changed'] },
  },
  backup_failed: {
    title: 'Backup failed',
    unit: '',
    source: { type: 'event', events: ['backup.failed'] },
  },
  // label = the pattern, threshold = the least severe syslog level that counts (0 emergency … 7 debug)
  syslog_pattern: { title: 'Syslog pattern', unit: '', source: { type: 'syslog' } },
} as const satisfies Record<string, RuleKindInfo>

export type RuleKind = keyof typeof RULE_KINDS
export const RULE_KIND_NAMES = Object.keys(RULE_KINDS) as RuleKind[]

export function isRuleKind(kind: string): kind is RuleKind {
  return Object.hasOwn(RULE_KINDS, kind)
}

/** A rule as the evaluator reads it. */
export interface Rule {
  id: string
  name: string
  kind: RuleKind
  label: string | null
  comparison: '>' | '<'
  threshold: number
  durationS: number
  polls: number
  hysteresis: number
  severity: AlertSeverity
  scopeKind: AlertScopeKind
  scopeId: string | null
  enabled: boolean
}

export type RuleDraft = Omit<Rule, 'id'>

const base = { label: null, polls: 1, scopeKind: 'tenant', scopeId: null, enabled: true } as const

/**
 * The rules every tenant starts with (PRODUCT.md section H). Event and status rules ignore the
 * threshold; an event alert resolves by itself `durationS` after it opened.
 */
export const DEFAULT_RULES: readonly RuleDraft[] = [
  {
    ...base,
    name: 'CPU above 90 % for 5 min',
    kind: 'cpu',
    comparison: '>',
    threshold: 90,
    durationS: 300,
    hysteresis: 5,
    severity: 'warning',
  },
  {
    ...base,
    name: 'Memory above 90 % for 5 min',
    kind: 'memory',
    comparison: '>',
    threshold: 90,
    durationS: 300,
    hysteresis: 5,
    severity: 'warning',
  },
  {
    ...base,
    name: 'Disk above 90 %',
    kind: 'disk',
    comparison: '>',
    threshold: 90,
    durationS: 0,
    hysteresis: 2,
    severity: 'warning',
  },
  {
    ...base,
    name: 'Board temperature above 70 °C',
    kind: 'temperature',
    comparison: '>',
    threshold: 70,
    durationS: 0,
    hysteresis: 5,
    severity: 'critical',
  },
  {
    ...base,
    name: 'Device offline for 2 min',
    kind: 'offline',
    comparison: '>',
    threshold: 0,
    durationS: 120,
    hysteresis: 0,
    severity: 'critical',
  },
  {
    ...base,
    name: 'Wireless client signal below −80 dBm',
    kind: 'wireless_signal',
    comparison: '<',
    threshold: -80,
    durationS: 0,
    hysteresis: 3,
    severity: 'warning',
  },
  {
    ...base,
    name: 'Device rebooted',
    kind: 'rebooted',
    comparison: '>',
    threshold: 0,
    durationS: 900,
    hysteresis: 0,
    severity: 'info',
  },
]

/** Syslog severities by number (RFC 5424), for the syslog_pattern rule's minimum severity. */
export const SYSLOG_SEVERITIES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
] as const
/** A syslog_pattern alert resolves this long after the last matching line when the rule has no duration. */
export const SYSLOG_QUIET_S = 600

/**
 * A syslog_pattern rule's test: case-insensitive substring, or a glob when the pattern has `*` or
 * `?` (then it must match the whole message, so `*link down*` = contains).
 */
export function syslogMatcher(pattern: string): (msg: string) => boolean {
  const p = pattern.toLowerCase()
  if (!/[*?]/.test(p)) return (msg) => msg.toLowerCase().includes(p)
  const re = new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  )
  return (msg) => re.test(msg.toLowerCase())
}
