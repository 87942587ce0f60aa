/**
 * Lexer for RouterOS script text as found in `/export` output and `.rsc` files: joins `\`
 * line continuations (also inside quoted words), decodes quoted values with escapes and splits
 * statements into tokens. Accepts CRLF and LF.
 */

export interface RscToken {
  /** Text before the first unquoted `=` of a `key=value` word; undefined for plain words. */
  key?: string
  /** Decoded value (whole word for plain words). */
  value: string
  /** True when any part of the value was quoted. */
  quoted: boolean
}

export type RscStatement =
  | { kind: 'comment'; text: string; line: number }
  | { kind: 'tokens'; tokens: RscToken[]; line: number }

const NAMED_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  _: ' ',
  '"': '"',
  '\\': '\\',
  $: '$',
  '?': '?',
  "'": "'",
}

/** RouterOS writes byte escapes in upper case, which keeps `\a`, `\b`, `\f` unambiguous. */
const HEX = /^[0-9A-F]{2}$/

class Lexer {
  private i = 0
  private line = 1
  private readonly out: RscStatement[] = []
  private tokens: RscToken[] = []
  private stmtLine = 1
  private readonly s: string

  constructor(text: string) {
    this.s = text.replace(/\r\n?/g, '\n')
  }

  run(): RscStatement[] {
    while (this.i < this.s.length) this.step()
    this.endStatement()
    return this.out
  }

  private step(): void {
    const c = this.s[this.i] as string
    if (c === '\n' || c === ';') {
      this.endStatement()
      if (c === '\n') this.line++
      this.i++
    } else if (c === ' ' || c === '\t') {
      this.i++
    } else if (c === '\\' && this.s[this.i + 1] === '\n') {
      this.skipContinuation(Infinity)
    } else if (c === '#' && this.tokens.length === 0) {
      const end = this.s.indexOf('\n', this.i)
      const stop = end < 0 ? this.s.length : end
      this.out.push({ kind: 'comment', text: this.s.slice(this.i, stop), line: this.line })
      this.i = stop
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      this.push({ value: c, quoted: false })
      this.i++
    } else {
      this.push(this.word())
    }
  }

  private push(t: RscToken): void {
    if (this.tokens.length === 0) this.stmtLine = this.line
    this.tokens.push(t)
  }

  private endStatement(): void {
    if (this.tokens.length > 0)
      this.out.push({ kind: 'tokens', tokens: this.tokens, line: this.stmtLine })
    this.tokens = []
  }

  /** Skips `\` + newline and the indentation after it (at most `maxIndent` spaces). */
  private skipContinuation(maxIndent: number): void {
    this.i += 2
    this.line++
    let n = 0
    while (n < maxIndent && (this.s[this.i] === ' ' || this.s[this.i] === '\t')) {
      this.i++
      n++
    }
  }

  private word(): RscToken {
    const parts: (string | number)[] = []
    let key: string | undefined
    let quoted = false
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === ']' || c === '}') break
      if (c === '"') {
        quoted = true
        this.quoted(parts)
      } else if (c === '\\' && this.s[this.i + 1] === '\n') {
        this.skipContinuation(Infinity)
      } else if (c === '\\') {
        this.escape(parts)
      } else if (c === '=' && key === undefined && !quoted) {
        key = decode(parts)
        parts.length = 0
        this.i++
      } else {
        parts.push(c)
        this.i++
      }
    }
    const value = decode(parts)
    return key === undefined ? { value, quoted } : { key, value, quoted }
  }

  private quoted(parts: (string | number)[]): void {
    this.i++
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string
      if (c === '"') {
        this.i++
        return
      }
      if (c === '\\' && this.s[this.i + 1] === '\n') this.skipContinuation(4)
      else if (c === '\\') this.escape(parts)
      else {
        if (c === '\n') this.line++
        parts.push(c)
        this.i++
      }
    }
    throw new Error(`line ${this.line}: unterminated quoted string`)
  }

  private escape(parts: (string | number)[]): void {
    const hex = this.s.slice(this.i + 1, this.i + 3)
    const next = this.s[this.i + 1] ?? ''
    if (HEX.test(hex)) {
      parts.push(parseInt(hex, 16))
      this.i += 3
    } else if (next in NAMED_ESCAPES) {
      parts.push(NAMED_ESCAPES[next] as string)
      this.i += 2
    } else {
      parts.push(next)
      this.i += 2
    }
  }
}

/** Joins characters and raw bytes (from `\AB` escapes); valid UTF-8 sequences decode as such. */
function decode(parts: (string | number)[]): string {
  let out = ''
  let bytes: number[] = []
  const flush = (): void => {
    if (bytes.length > 0) out += decodeBytes(bytes)
    bytes = []
  }
  for (const p of parts) {
    if (typeof p === 'number') bytes.push(p)
    else {
      flush()
      out += p
    }
  }
  flush()
  return out
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** UTF-8 where the bytes form valid sequences, Latin-1 for any other byte. */
function decodeBytes(bytes: number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number
    const len = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1
    if (len > 1 && i + len <= bytes.length) {
      try {
        out += UTF8.decode(Uint8Array.from(bytes.slice(i, i + len)))
        i += len
        continue
      } catch {
        // not a valid sequence: fall through to Latin-1
      }
    }
    out += String.fromCharCode(b)
    i++
  }
  return out
}

export function lexRsc(text: string): RscStatement[] {
  return new Lexer(text).run()
}
