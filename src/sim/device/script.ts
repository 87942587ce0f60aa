/**
 * A small RouterOS script interpreter for scheduler jobs and `/system/script/run`: one CLI
 * command per line or `;`-separated (`/system backup load name=x.backup`, `/ip address add …`,
 * `/interface set ether1 disabled=yes`, `:log info "x"`), run through the same dispatcher as the
 * API. Errors stop the script and are logged; `:delay` and control flow are not supported.
 */
import { execCommand, menuExists, printRows } from './commands.ts'
import type { SimRouter } from './device.ts'
import type { ExecContext } from './policy.ts'
import { declareVar, substitute, type Vars } from './script-vars.ts'
import { Trap } from './trap.ts'

/** Splits text into statements on newlines and `;` outside quotes and brackets. */
export function splitStatements(src: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote = false
  let depth = 0
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string
    if (quote && ch === '\\') {
      cur += ch + (src[++i] ?? '')
      continue
    }
    if (ch === '"') quote = !quote
    else if (!quote && ch === '[') depth++
    else if (!quote && ch === ']') depth--
    if (!quote && depth === 0 && (ch === '\n' || ch === ';' || ch === '\r')) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'))
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
  $: '$',
  '?': '?',
  _: ' ',
}

/** Splits a statement into words; quoted parts are unescaped; `[ … ]` stays one word. */
export function tokenize(stmt: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < stmt.length) {
    while (stmt[i] === ' ' || stmt[i] === '\t') i++
    if (i >= stmt.length) break
    let word = ''
    if (stmt[i] === '[') {
      const end = stmt.indexOf(']', i)
      word = stmt.slice(i, end < 0 ? stmt.length : end + 1)
      i = end < 0 ? stmt.length : end + 1
      out.push(word)
      continue
    }
    while (i < stmt.length && stmt[i] !== ' ' && stmt[i] !== '\t') {
      if (stmt[i] === '"') {
        i++
        while (i < stmt.length && stmt[i] !== '"') {
          if (stmt[i] === '\\') {
            i++
            word += ESCAPES[stmt[i] as string] ?? stmt[i] ?? ''
          } else word += stmt[i]
          i++
        }
        i++
      } else word += stmt[i++]
    }
    out.push(word)
  }
  return out
}

/** Runs a script; returns a pending action (reboot) for the caller to run afterwards. */
export function runScript(
  dev: SimRouter,
  source: string,
  ctx: ExecContext,
): (() => void) | undefined {
  let base: string[] = []
  const afters: (() => void)[] = []
  const vars: Vars = new Map()
  try {
    for (const stmt of splitStatements(source)) {
      if (dev.state !== 'up') break
      // `{ … }` only groups a pasted script into one scope
      if (stmt === '{' || stmt === '}') continue
      if (declareVar(dev, stmt, vars, tokenize, findIds)) continue
      const words = substitute(tokenize(stmt), vars)
      if (stmt.startsWith(':')) {
        runBuiltin(dev, words)
        continue
      }
      const res = runCli(dev, words, base, ctx)
      if (res.base) base = res.base
      if (res.after) afters.push(res.after)
      if (afters.length > 0) break
    }
  } catch (err) {
    dev.addLog('script,error', `script error: ${err instanceof Error ? err.message : String(err)}`)
  }
  return afters.length > 0 ? () => afters.forEach((f) => f()) : undefined
}

function runBuiltin(dev: SimRouter, words: string[]): void {
  if (words[0] === ':log') dev.addLog(`script,${words[1] ?? 'info'}`, words.slice(2).join(' '))
}

function runCli(
  dev: SimRouter,
  words: string[],
  base: string[],
  ctx: ExecContext,
): { base?: string[]; after?: () => void } {
  const absolute = words[0]?.startsWith('/') ?? false
  const plain: string[] = []
  let k = 0
  for (; k < words.length; k++) {
    const w = words[k] as string
    if (w.includes('=') || w.startsWith('[')) break
    plain.push(...w.split('/').filter((s) => s !== ''))
  }
  const segs = [...(absolute ? [] : base), ...plain]
  const rest = words.slice(k)
  for (let v = segs.length; v >= 0; v--) {
    const path = '/' + segs.slice(0, v).join('/')
    if (v === segs.length) {
      if (rest.length === 0 && menuExists(dev, path)) return { base: segs }
      continue
    }
    const norm = path === '/' ? '' : path
    if (norm !== '' && !menuExists(dev, norm)) continue
    const attrs = buildAttrs(dev, norm, segs.slice(v + 1), rest)
    // `remove [find …]` (or set, move …) matching nothing does nothing, as on a router
    if (attrs.numbers === '' && rest.some((w) => w.startsWith('['))) return {}
    const res = execCommand(dev, norm, segs[v] as string, attrs, ctx)
    return res.after ? { after: res.after } : {}
  }
  throw new Trap('bad command name', 0)
}

function buildAttrs(
  dev: SimRouter,
  path: string,
  positional: string[],
  rest: string[],
): Record<string, string> {
  const attrs: Record<string, string> = {}
  const pos = [...positional]
  for (const w of rest) {
    if (w.startsWith('[')) pos.push(findIds(dev, path, w))
    else {
      const eq = w.indexOf('=')
      if (eq < 0) pos.push(w)
      else attrs[w.slice(0, eq)] = w.slice(eq + 1)
    }
  }
  if (pos.length > 0)
    attrs[path === '/log' ? 'message' : path === '' ? 'file-name' : 'numbers'] = pos.join(
      path === '/log' ? ' ' : ',',
    )
  return attrs
}

/** Evaluates `[ find k=v … ]` against the menu's items. */
export function findIds(dev: SimRouter, path: string, expr: string): string {
  const words = tokenize(expr.replace(/^\[\s*/, '').replace(/\s*\]$/, ''))
  if (words[0] !== 'find') throw new Trap('unsupported expression', 3)
  const where = words
    .slice(1)
    .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] as const)
  const norm = (v: string) => (v === 'yes' ? 'true' : v === 'no' ? 'false' : v)
  return printRows(dev, path)
    .filter((r) => where.every(([k, v]) => (r[k] ?? '') === norm(v)))
    .map((r) => r['.id'])
    .join(',')
}
