/**
 * Normalisation of RouterOS `/export` text before comparing versions: a list of named rules, each
 * removing one kind of difference that is not a configuration change. The raw capture is stored
 * as it came; only the normalised text is hashed and compared (Oxidized's significant changes).
 */

export interface NormalizeRule {
  readonly name: string
  /** One line: why this difference is not a configuration change. */
  readonly why: string
  readonly apply: (text: string) => string
}

// v6 and v7 before 7.10: `# sep/20/2022 10:55:02 by RouterOS 6.49.6`; 7.10+: `# 2026-01-21 01:17:52 …`
const HEADER_DATE =
  /^# (?:[a-z]{3}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} by RouterOS (\S+)(.*)$/gim

/** Comment lines RouterOS adds for passing state (list from oxidized's routeros model). */
const TRANSIENT: readonly RegExp[] = [
  /^# inactive time\b.*$/,
  /^# received packet from \S+ bad format$/,
  /^# poe-out status: (?:short_circuit|voltage_on_poe-in)$/,
  /^# Firmware upgraded successfully, please reboot\b.*$/,
  /^# \S+ not ready$/,
  /^# .*please restart the device in order to apply the new setting.*$/,
  /^# (?:DHCP|dhcp) client .* (?:bound|searching|stopped).*$/,
]

export const NORMALIZE_RULES: readonly NormalizeRule[] = [
  {
    name: 'line-endings',
    why: 'SSH captures end lines with CRLF, files with LF; the same configuration must hash the same',
    apply: (t) => t.replace(/\r\n?/g, '\n'),
  },
  {
    name: 'join-continuations',
    why: 'non-terse exports wrap long lines at about 80 columns, and the break moves when a value grows',
    apply: (t) => t.replace(/\\\n[ \t]+/g, ''),
  },
  {
    name: 'header-date',
    why: 'the first line carries the time of the export; keep only the RouterOS version it names',
    apply: (t) =>
      t.replace(
        HEADER_DATE,
        (_m, version: string, rest: string) => `# by RouterOS ${version}${rest}`,
      ),
  },
  {
    name: 'transient-comments',
    why: 'RouterOS prints passing status notes (PoE faults, inactive time, pending reboot) as comments',
    apply: (t) =>
      t
        .split('\n')
        .filter((l) => !TRANSIENT.some((re) => re.test(l)))
        .join('\n'),
  },
  {
    name: 'trailing-space',
    why: 'trailing blanks and blank lines at the end differ between versions and transports, not configs',
    apply: (t) => t.replace(/[ \t]+$/gm, '').replace(/\n+$/, '') + '\n',
  },
]

/** The export text with every rule applied, in order. */
export function normalizeExport(
  raw: string,
  rules: readonly NormalizeRule[] = NORMALIZE_RULES,
): string {
  let text = raw
  for (const r of rules) text = r.apply(text)
  return text
}

/** The RouterOS version named by the export's header line, if any. */
export function exportHeaderVersion(text: string): string | undefined {
  const first = /^# .* by RouterOS (\S+)/m.exec(text.slice(0, 400))
  return first?.[1]
}
