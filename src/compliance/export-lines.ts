// An exported RouterOS configuration as commands: each logical line (`\` continuations joined)
// with the menu path it belongs to and the physical line number it starts on, so a rule can say
// "line 57". Handles the sectioned export (`/ip service` then `set …`) and the terse one
// (`/ip service set telnet disabled=yes` on one line, v6 `export terse`), LF and CRLF.

export interface ExportCommand {
  /** menu path in export spelling: `/ip firewall filter` */
  path: string
  /** `add`, `set`, `remove`, … */
  verb: string
  /** the command after the verb: `telnet disabled=yes`, `action=drop chain=input` */
  args: string
  /** 1-based physical line the command starts on */
  line: number
  /** the whole logical line as exported (continuations joined) */
  text: string
}

const VERBS = new Set(['add', 'set', 'remove', 'unset', 'enable', 'disable', 'print', 'edit'])

/** Splits a path line (`/ip firewall filter add …`) into path words and the command, if any. */
function splitPathLine(s: string): { path: string; rest: string | undefined } {
  const words = s.split(/\s+/)
  const path: string[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string
    if (VERBS.has(w) || w.includes('=') || w.startsWith('['))
      return { path: path.join(' '), rest: words.slice(i).join(' ') }
    path.push(w)
  }
  return { path: path.join(' '), rest: undefined }
}

function command(path: string, rest: string, line: number, text: string): ExportCommand {
  const sp = rest.indexOf(' ')
  const verb = sp < 0 ? rest : rest.slice(0, sp)
  return { path, verb, args: sp < 0 ? '' : rest.slice(sp + 1).trim(), line, text }
}

/**
 * Every command of an export, in order.
 * @example parseExport('/ip service\nset telnet disabled=yes')[0] // { path: '/ip service', verb: 'set', … }
 */
export function parseExport(text: string): ExportCommand[] {
  const physical = text.split(/\r?\n/)
  const out: ExportCommand[] = []
  let path = ''
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1
    let logical = physical[i] as string
    while (logical.endsWith('\\') && i + 1 < physical.length)
      logical = logical.slice(0, -1) + (physical[++i] as string).replace(/^[ \t]+/, '')
    const s = logical.trim()
    if (s === '' || s.startsWith('#') || s.startsWith(':')) continue
    if (s.startsWith('/')) {
      const parts = splitPathLine(s)
      path = parts.path
      if (parts.rest !== undefined) out.push(command(path, parts.rest, start, s))
      continue
    }
    if (path !== '') out.push(command(path, s, start, s))
  }
  return out
}

/** Normalises a menu path as users type it (`/ip/service`, `ip service`) to export spelling. */
export function exportPath(p: string): string {
  const words = p
    .trim()
    .split(/[\s/]+/)
    .filter((w) => w !== '')
  return `/${words.join(' ')}`
}

// key=value where value is a quoted string (with escapes) or a bare word (also inside [ find … ])
const PAIR = /(?:^|[\s[])([a-z0-9-]+)=("(?:[^"\\]|\\[\s\S])*"|[^\s\]]*)/g

/** The key=value properties of a command (`[ find name=x ]` selectors included), quotes removed. */
export function properties(args: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const [, k, v] of args.matchAll(PAIR)) {
    const value = v as string
    m.set(k as string, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value)
  }
  return m
}

/** What a `set` command addresses: `telnet` in `set telnet …`, `x` in `set [ find name=x ] …`, `3` in `set 3 …`. */
export function setTarget(args: string): string | undefined {
  const find = /^\[\s*find\s+(?:default-)?name=("(?:[^"\\]|\\.)*"|[^\s\]]+)\s*\]/.exec(args)
  if (find) return (find[1] as string).replace(/^"|"$/g, '')
  const first = args.split(/\s+/)[0]
  return first === undefined || first.includes('=') || first === '' ? undefined : first
}
