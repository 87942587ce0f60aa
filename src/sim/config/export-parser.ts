/**
 * Parser for RouterOS `/export` output and `.rsc` files (v6 and v7, terse and wrapped, CRLF or
 * LF). Produces a header summary and a list of commands with their menu path, verb, selector
 * and arguments; `seedFromExport` (seed-export.ts) applies them to a ConfigTree.
 */
import { lexRsc } from './rsc-lexer.ts'
import type { RscToken } from './rsc-lexer.ts'
import { toSlashPath } from './menus.ts'

export type RscSelector =
  | { kind: 'find'; where: Record<string, string> } // [ find default-name=ether1 ], [ find ]
  | { kind: 'ref'; values: string[] } // 0, slot1, *1A, ether1,ether2

export interface RscCommand {
  /** Slash form: '/ip/firewall/filter'. */
  path: string
  verb: string
  selector?: RscSelector
  /** key=value arguments in order of appearance (values decoded). */
  args: [string, string][]
  /** Bare words after the verb and selector (`/export compact`, `print detail`). */
  flags: string[]
  line: number
}

export interface ExportHeader {
  date?: string
  version?: string
  softwareId?: string
  model?: string
  serial?: string
}

export interface ParsedExport {
  header: ExportHeader
  commands: RscCommand[]
  /** Menus named by `#error exporting …` lines (slash form). */
  exportErrors: string[]
  /** Other comment lines, verbatim. */
  comments: string[]
}

/** Verbs that end a menu path; anything else is taken as a path word. */
export const VERBS: ReadonlySet<string> = new Set([
  'add',
  'set',
  'remove',
  'unset',
  'enable',
  'disable',
  'move',
  'comment',
  'edit',
  'print',
  'export',
  'find',
  'reset',
  'get',
  'monitor',
  'listen',
  'import',
  'save',
])

/**
 * Commands that are verbs only in their own menu (`/system reboot`, `/system package update
 * download`); elsewhere the same words name menus (`/system upgrade mirror`).
 */
const MENU_VERBS: Readonly<Record<string, ReadonlySet<string>>> = {
  system: new Set(['reboot', 'shutdown']),
  'system/package/update': new Set(['check-for-updates', 'download', 'install']),
  'system/backup': new Set(['load']),
  'system/routerboard': new Set(['upgrade']),
}

const isVerb = (words: string[], w: string): boolean =>
  VERBS.has(w) || (MENU_VERBS[words.join('/')]?.has(w) ?? false)

const SELECTOR_VERBS: ReadonlySet<string> = new Set([
  'set',
  'remove',
  'unset',
  'enable',
  'disable',
  'move',
  'comment',
  'edit',
  'get',
  'reset',
])

export function parseExport(text: string): ParsedExport {
  const parsed: ParsedExport = { header: {}, commands: [], exportErrors: [], comments: [] }
  let current = '/'
  for (const st of lexRsc(text)) {
    if (st.kind === 'comment') {
      readComment(st.text, parsed)
      continue
    }
    const cmd = readStatement(st.tokens, current, st.line)
    if (cmd === undefined) throw new Error(`line ${st.line}: cannot parse statement`)
    if (cmd.verb === '') current = cmd.path
    else parsed.commands.push(cmd)
  }
  return parsed
}

const V6_DATE = /^# ([a-z]{3}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}) by RouterOS (\S+)/
const V7_DATE = /^# (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) by RouterOS (\S+)/

/** The RouterOS version in an export's first header line (cheap: reads only that line). */
export function exportVersion(text: string): string | undefined {
  const first = text.slice(0, 200).split(/\r?\n/, 1)[0] ?? ''
  return (V6_DATE.exec(first) ?? V7_DATE.exec(first))?.[2]
}

function readComment(text: string, parsed: ParsedExport): void {
  const h = parsed.header
  const date = V6_DATE.exec(text) ?? V7_DATE.exec(text)
  const field = /^# (software id|model|serial number) = ?(.*)$/.exec(text)
  const error = /^#error exporting (.+)$/.exec(text)
  if (date && h.date === undefined) {
    h.date = date[1]
    h.version = date[2]
  } else if (field) {
    const v = (field[2] ?? '').trim()
    if (field[1] === 'software id') h.softwareId = v
    else if (field[1] === 'model') h.model = v
    else h.serial = v
  } else if (error) {
    parsed.exportErrors.push(toSlashPath((error[1] ?? '').trim()))
  } else {
    parsed.comments.push(text)
  }
}

function isPlain(t: RscToken | undefined): t is RscToken {
  return t !== undefined && t.key === undefined && !t.quoted && !/^[[\]{}]$/.test(t.value)
}

/** Returns the command, a section change (verb ''), or undefined when unparseable. */
function readStatement(tokens: RscToken[], current: string, line: number): RscCommand | undefined {
  let i = 0
  const words: string[] = []
  const first = tokens[0]
  const absolute = isPlain(first) && first.value.startsWith('/')
  if (absolute) {
    words.push(...first.value.split('/').filter((w) => w !== ''))
    i = 1
  } else {
    words.push(...current.split('/').filter((w) => w !== ''))
  }
  // the first word may carry the verb in slash form: `/ip/address/add`, `/export`
  if (absolute && isVerb(words.slice(0, -1), words[words.length - 1] ?? '')) {
    const verb = words.pop() as string
    return readArgs(tokens, 1, toSlashPath(words.join('/')), verb, line)
  }
  while (i < tokens.length) {
    const t = tokens[i]
    if (!isPlain(t)) break
    if (isVerb(words, t.value))
      return readArgs(tokens, i + 1, toSlashPath(words.join('/')), t.value, line)
    words.push(t.value)
    i++
  }
  if (i < tokens.length) return undefined
  return { path: toSlashPath(words.join('/')), verb: '', args: [], flags: [], line }
}

function readArgs(
  tokens: RscToken[],
  start: number,
  path: string,
  verb: string,
  line: number,
): RscCommand {
  const cmd: RscCommand = { path, verb, args: [], flags: [], line }
  let i = start
  if (SELECTOR_VERBS.has(verb)) i = readSelector(tokens, i, cmd)
  for (; i < tokens.length; i++) {
    const t = tokens[i] as RscToken
    if (t.key !== undefined) cmd.args.push([t.key, t.value])
    else cmd.flags.push(t.value)
  }
  return cmd
}

function readSelector(tokens: RscToken[], i: number, cmd: RscCommand): number {
  const t = tokens[i]
  if (t === undefined || t.key !== undefined) return i
  if (t.value === '[' && !t.quoted) {
    const close = tokens.findIndex((x, j) => j > i && x.value === ']' && !x.quoted)
    if (close < 0) throw new Error(`line ${cmd.line}: unterminated [ ]`)
    const inner = tokens.slice(i + 1, close)
    const where: Record<string, string> = {}
    for (const x of inner) if (x.key !== undefined) where[x.key] = x.value
    cmd.selector = { kind: 'find', where }
    return close + 1
  }
  cmd.selector = { kind: 'ref', values: t.quoted ? [t.value] : t.value.split(',') }
  return i + 1
}
