/**
 * Formatting of RouterOS export lines: value quoting and escaping, and the line wrapping of
 * non-terse exports (at most 77 columns of text per line, then ` \` or `\`, so at most 79
 * columns; continuation lines indented 4 spaces; a `key=` may end a line with its value on the next one; long values break inside the
 * quotes; script sources break before every escaped newline, in terse mode too).
 */

/** Text columns per physical line, before the trailing continuation mark (from real exports). */
export const WRAP_WIDTH = 77
const INDENT = '    '
// `#` only starts a comment at the start of a line, so RouterOS prints `log-prefix=#VPN` bare
const SAFE = /^[A-Za-z0-9._:/,!@+*%&^~|<>#-]+$/
const BREAK = '\u0000'

/** Renders one value the way `/export` writes it (bare when safe, else quoted with escapes). */
export function formatValue(value: string): string {
  if (SAFE.test(value)) return value
  return '"' + escapeAtoms(value).join('').replaceAll(BREAK, '') + '"'
}

/** Escaped pieces of a quoted value; a BREAK atom marks where a newline escape starts. */
function escapeAtoms(value: string): string[] {
  const atoms: string[] = []
  for (const ch of value) {
    const c = ch.codePointAt(0) as number
    if (ch === '"' || ch === '\\' || ch === '$' || ch === '?') atoms.push('\\' + ch)
    else if (ch === '\n') atoms.push(BREAK, '\\n')
    else if (ch === '\r') atoms.push('\\r')
    else if (ch === '\t') atoms.push('\\t')
    else if (c < 0x20 || c === 0x7f) atoms.push(hex([c]))
    else if (c > 0x7f) atoms.push(hex([...Buffer.from(ch, 'utf8')]))
    else atoms.push(ch)
  }
  return atoms
}

function hex(bytes: number[]): string {
  return bytes.map((b) => '\\' + b.toString(16).toUpperCase().padStart(2, '0')).join('')
}

function valueAtoms(value: string): string[] {
  if (SAFE.test(value)) return [...value]
  const atoms = escapeAtoms(value)
  // never break right after the opening quote
  if (atoms[0] === BREAK) atoms.shift()
  return ['"', ...atoms, '"']
}

/** Builds the physical lines of one logical export line. */
export class LineWrapper {
  private readonly lines: string[] = []
  private cur: string
  private readonly wrap: boolean

  constructor(head: string, wrap: boolean) {
    this.cur = head
    this.wrap = wrap
  }

  /** Appends `key=value` (or a bare word when key is undefined). */
  add(key: string | undefined, value: string): void {
    const prefix = key === undefined ? '' : key + '='
    const atoms = valueAtoms(value)
    const forced = atoms.includes(BREAK)
    const text = prefix + atoms.join('')
    if (!this.wrap) {
      if (!forced) this.cur += ' ' + text
      else this.fill(prefix, atoms, Infinity)
      return
    }
    const room = WRAP_WIDTH
    if (!forced && this.cur.length + 1 + text.length <= room) {
      this.cur += ' ' + text
    } else if (!forced && prefix && this.fitsSplit(prefix, text.length - prefix.length, room)) {
      this.lines.push(this.cur + ' ' + prefix + '\\')
      this.cur = INDENT + text.slice(prefix.length)
    } else if (!forced && INDENT.length + text.length <= room) {
      this.lines.push(this.cur + ' \\')
      this.cur = INDENT + text
    } else {
      // a value broken across lines is always quoted (`advertise="10M-half,…,100M-f\`)
      this.fill(prefix, atoms[0] === '"' ? atoms : ['"', ...atoms, '"'], WRAP_WIDTH)
    }
  }

  finish(): string[] {
    this.lines.push(this.cur)
    return this.lines
  }

  private fitsSplit(prefix: string, valueLen: number, room: number): boolean {
    return this.cur.length + 1 + prefix.length <= WRAP_WIDTH && INDENT.length + valueLen <= room
  }

  /** Writes the value atom by atom, breaking at forced breaks and at the width limit. */
  private fill(prefix: string, atoms: string[], width: number): void {
    const first = prefix + (atoms[0] === BREAK ? '' : (atoms[0] ?? ''))
    if (this.cur.length + 1 + first.length > width) {
      this.lines.push(this.cur + ' \\')
      this.cur = INDENT
    } else {
      this.cur += ' '
    }
    this.cur += prefix
    for (const a of atoms) {
      if (a === BREAK) {
        this.lines.push(this.cur + '\\')
        this.cur = INDENT
      } else if (this.cur.length + a.length > width) {
        this.lines.push(this.cur + '\\')
        this.cur = INDENT + a
      } else {
        this.cur += a
      }
    }
  }
}
