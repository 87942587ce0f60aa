/**
 * Script variables for the sim's interpreter: `:local name value` / `:global name value`, where
 * the value is a literal or a command substitution (`[/interface wireguard get [find name=x]
 * public-key]`, `[/ip address find …]`), and `$name` in later words. Enough for onboarding
 * scripts; RouterOS's full expression language (arithmetic, arrays, `->`) is not modelled.
 */
import { menuExists, printRows } from './commands.ts'
import type { SimRouter } from './device.ts'
import { Trap } from './trap.ts'

export type Vars = Map<string, string>

/** Runs `:local` / `:global`; false when the statement is not a variable declaration. */
export function declareVar(
  dev: SimRouter,
  stmt: string,
  vars: Vars,
  tokenize: (s: string) => string[],
  findIds: (dev: SimRouter, path: string, expr: string) => string,
): boolean {
  const m = /^:(?:local|global)\s+([A-Za-z][\w-]*)(?:\s+(.*))?$/s.exec(stmt)
  if (!m) return false
  const name = m[1] as string
  const expr = (m[2] ?? '').trim()
  if (expr.startsWith('[') && expr.endsWith(']'))
    vars.set(name, substituteCommand(dev, expr.slice(1, -1), vars, tokenize, findIds))
  else vars.set(name, substitute(tokenize(expr), vars).join(' '))
  return true
}

/** `$name` in words replaced by the variable's value (unknown names stay as written). */
export function substitute(words: string[], vars: Vars): string[] {
  if (vars.size === 0) return words
  return words.map((w) =>
    w.startsWith('[')
      ? w
      : w.replace(/\$([A-Za-z][\w-]*)/g, (all, n: string) => vars.get(n) ?? all),
  )
}

function substituteCommand(
  dev: SimRouter,
  inner: string,
  vars: Vars,
  tokenize: (s: string) => string[],
  findIds: (dev: SimRouter, path: string, expr: string) => string,
): string {
  const words = substitute(tokenize(inner), vars)
  const v = words.findIndex((w) => w === 'get' || w === 'find')
  if (v < 1) throw new Trap('unsupported expression', 3)
  const path =
    '/' +
    words
      .slice(0, v)
      .flatMap((w) => w.split('/').filter((s) => s !== ''))
      .join('/')
  if (!menuExists(dev, path)) throw new Trap('bad command name', 0)
  if (words[v] === 'find') return findIds(dev, path, `[${words.slice(v).join(' ')}]`)
  const ref = words[v + 1] ?? ''
  const prop = words[v + 2]
  const id = ref.startsWith('[') ? findIds(dev, path, ref) : ref
  const rows = printRows(dev, path)
  const row = rows.find((r) => r['.id'] === id || r.name === id)
  if (!row) throw new Trap('no such item', 0)
  if (prop === undefined) return ''
  return row[prop] ?? ''
}
