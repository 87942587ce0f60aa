// The built-in compliance rules: one small pure check each, registered in BUILTIN_RULES (a key
// that is not registered does not compile). Config rules read the latest stored export, which
// lists only what differs from RouterOS defaults, so "not in the export" means "at the default"
// and each rule says what that default is.
import { maskSecrets } from '../backups/index.ts'
import type { BuiltinRuleKey, RuleResult, RuleStatus } from './compliance.types.ts'
import { properties, setTarget, type ExportCommand } from './export-lines.ts'
import { versionsBehind } from './versions.ts'

export interface RuleInput {
  /** the latest stored export as commands; undefined when no backup is stored yet */
  commands: readonly ExportCommand[] | undefined
  firmware: { installed: string | null; latest: string | null; channel: string | null }
  firmwareMaxBehind: number
  /** Outpost's own login to the device (the only password Outpost can know anything about) */
  login: { username: string; emptyPassword: boolean } | undefined
}

type Verdict = Omit<RuleResult, 'rule' | 'title'>

interface BuiltinRule {
  title: string
  check(input: RuleInput): Verdict
}

const verdict = (status: RuleStatus, reason: string, cmd?: ExportCommand): Verdict => ({
  status,
  reason,
  line: cmd ? { number: cmd.line, text: maskSecrets(cmd.text) } : null,
})

const NO_BACKUP = verdict('unknown', 'No configuration backup is stored yet.')

const inPath = (cmds: readonly ExportCommand[], path: string) => cmds.filter((c) => c.path === path)

const enabled = (c: ExportCommand) => properties(c.args).get('disabled') !== 'yes'

/** Services an attacker tries first; RouterOS enables them all, for any address, by default. */
const WATCHED_SERVICES = ['telnet', 'ftp', 'www', 'api'] as const

function servicesExposed(cmds: readonly ExportCommand[]): Verdict {
  const exposed: string[] = []
  let first: ExportCommand | undefined
  for (const name of WATCHED_SERVICES) {
    const sets = inPath(cmds, '/ip service').filter(
      (c) => c.verb === 'set' && setTarget(c.args) === name,
    )
    const props = new Map(sets.flatMap((c) => [...properties(c.args)]))
    const off = props.get('disabled') === 'yes'
    const restricted = (props.get('address') ?? '') !== ''
    if (off || restricted) continue
    exposed.push(name)
    first ??= sets[0]
  }
  if (exposed.length === 0)
    return verdict('pass', 'telnet, ftp, www and api are disabled or limited to addresses.')
  return verdict(
    'fail',
    `Enabled for any address: ${exposed.join(', ')} (a service the export does not mention is at the RouterOS default: enabled, any address).`,
    first,
  )
}

function inputDrop(cmds: readonly ExportCommand[]): Verdict {
  const drop = inPath(cmds, '/ip firewall filter').find((c) => {
    const p = properties(c.args)
    return (
      c.verb === 'add' &&
      p.get('chain') === 'input' &&
      (p.get('action') === 'drop' || p.get('action') === 'reject') &&
      enabled(c)
    )
  })
  return drop
    ? verdict('pass', 'The input chain drops traffic.', drop)
    : verdict('fail', 'No enabled drop or reject rule in the IPv4 input chain.')
}

function ntpConfigured(cmds: readonly ExportCommand[]): Verdict {
  const client = inPath(cmds, '/system ntp client').find((c) => c.verb === 'set')
  const p = client ? properties(client.args) : new Map<string, string>()
  // v7 lists servers in `servers=` or under /system ntp client servers; v6 in primary-ntp=
  const servers =
    (p.get('servers') ?? '') !== '' ||
    !['', '0.0.0.0'].includes(p.get('primary-ntp') ?? '') ||
    (p.get('server-dns-names') ?? '') !== '' ||
    inPath(cmds, '/system ntp client servers').some((c) => c.verb === 'add')
  if (p.get('enabled') === 'yes' && servers)
    return verdict('pass', 'The NTP client is enabled with servers.', client)
  return client && p.get('enabled') === 'yes'
    ? verdict('fail', 'The NTP client is enabled but has no server.', client)
    : verdict('fail', 'The NTP client is not enabled (RouterOS default: off).', client)
}

function syslogConfigured(cmds: readonly ExportCommand[]): Verdict {
  // remote actions: added with target=remote, or the built-in `remote` action (number 3) given an address
  const remote = new Set<string>()
  for (const c of inPath(cmds, '/system logging action')) {
    const p = properties(c.args)
    const addr = p.get('remote') ?? ''
    if (addr === '' || addr === '0.0.0.0') continue
    if (c.verb === 'add' && p.get('target') === 'remote') remote.add(p.get('name') ?? '')
    const target = c.verb === 'set' ? setTarget(c.args) : undefined
    if (target === '3' || target === 'remote') remote.add('remote')
  }
  if (remote.size === 0)
    return verdict('fail', 'No logging action sends to a remote syslog server.')
  const rule = inPath(cmds, '/system logging').find(
    (c) => c.verb === 'add' && remote.has(properties(c.args).get('action') ?? '') && enabled(c),
  )
  return rule
    ? verdict('pass', 'Log topics are sent to a remote syslog server.', rule)
    : verdict('fail', 'A remote logging action exists but no logging rule uses it.')
}

function firmwareCurrent(i: RuleInput): Verdict {
  const { installed, latest, channel } = i.firmware
  if (installed === null)
    return verdict('unknown', 'The installed RouterOS version is not known yet.')
  if (latest === null)
    return verdict(
      'unknown',
      `RouterOS ${installed}: the channel's latest version is not known yet (the daily update check or "Check now" on the Firmware page finds it).`,
    )
  const behind = versionsBehind(installed, latest)
  const of = `${latest}${channel ? ` (${channel})` : ''}`
  if (behind === 'major')
    return verdict('fail', `RouterOS ${installed} is a major version behind ${of}.`)
  if (behind > i.firmwareMaxBehind)
    return verdict(
      'fail',
      `RouterOS ${installed} is ${behind} releases behind ${of}; at most ${i.firmwareMaxBehind} allowed.`,
    )
  return verdict('pass', `RouterOS ${installed} is ${behind} releases behind ${of}.`)
}

function adminPassword(i: RuleInput): Verdict {
  if (i.login === undefined) return verdict('unknown', 'The stored login could not be read.')
  if (i.login.emptyPassword)
    return verdict('fail', `Outpost signs in as "${i.login.username}" with an empty password.`)
  // RouterOS never exports or reports user passwords, not even with show-sensitive
  return verdict(
    'pass',
    `Outpost's login "${i.login.username}" has a password (RouterOS never reveals other users' passwords).`,
  )
}

const configRule =
  (check: (cmds: readonly ExportCommand[]) => Verdict) =>
  (i: RuleInput): Verdict =>
    i.commands === undefined ? NO_BACKUP : check(i.commands)

export const BUILTIN_RULES = {
  firmware_current: { title: 'Firmware current', check: firmwareCurrent },
  admin_password: { title: 'No empty admin password', check: adminPassword },
  services_exposed: {
    title: 'Management services restricted',
    check: configRule(servicesExposed),
  },
  input_drop: { title: 'Input chain drops', check: configRule(inputDrop) },
  ntp_configured: { title: 'NTP configured', check: configRule(ntpConfigured) },
  syslog_configured: { title: 'Remote syslog configured', check: configRule(syslogConfigured) },
} as const satisfies Record<BuiltinRuleKey, BuiltinRule>

/** Every built-in rule's verdict, in registry order. */
export function runBuiltinRules(input: RuleInput): RuleResult[] {
  return Object.entries(BUILTIN_RULES).map(([rule, r]) => ({
    rule,
    title: r.title,
    ...r.check(input),
  }))
}
