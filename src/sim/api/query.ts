/**
 * The RouterOS print query stack machine (ROUTEROS.md 1.5). Each query word pushes a boolean per
 * item onto a stack that starts as an infinite stack of `true`; `?#` words apply operations. An
 * item matches unless the final stack holds a `false`.
 */
import { Trap } from '../device/trap.ts'

export type Row = Readonly<Record<string, string>>
type Step = (row: Row, stack: boolean[]) => void

const pop = (stack: boolean[]): boolean => (stack.length > 0 ? (stack.pop() as boolean) : true)
const at = (stack: boolean[], idx: number): boolean => stack[stack.length - 1 - idx] ?? true

function compare(a: string, b: string): number {
  const x = Number(a)
  const y = Number(b)
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y
  return a < b ? -1 : a > b ? 1 : 0
}

function splitNameValue(s: string): [string, string | undefined] {
  const eq = s.indexOf('=')
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)]
}

/** Applies a `?#` operation string to the stack. */
export function applyOps(ops: string, stack: boolean[]): boolean[] {
  let s = stack
  let i = 0
  while (i < ops.length) {
    const c = ops[i] as string
    if (c >= '0' && c <= '9') {
      let j = i
      while (j < ops.length && (ops[j] as string) >= '0' && (ops[j] as string) <= '9') j++
      const v = at(s, Number(ops.slice(i, j)))
      if (j === ops.length) s = [v]
      else {
        s.push(v)
        if (ops[j] === '.') j++
      }
      i = j
      continue
    }
    if (c === '!') s.push(!pop(s))
    else if (c === '&') {
      const a = pop(s)
      const b = pop(s)
      s.push(a && b)
    } else if (c === '|') {
      const a = pop(s)
      const b = pop(s)
      s.push(a || b)
    } else if (c === '.') s.push(at(s, 0))
    else throw new Trap(`unknown query operation ${c}`, 1)
    i++
  }
  return s
}

function compileWord(word: string): Step {
  const body = word.slice(1)
  if (body.startsWith('#')) {
    const ops = body.slice(1)
    return (_row, stack) => {
      const next = applyOps(ops, stack)
      if (next !== stack) stack.splice(0, stack.length, ...next)
    }
  }
  if (body.startsWith('-')) {
    const name = body.slice(1)
    return (row, stack) => void stack.push(!(name in row))
  }
  if (body.startsWith('<') || body.startsWith('>')) {
    const sign = body.startsWith('<') ? -1 : 1
    const [name, value] = splitNameValue(body.slice(1))
    return (row, stack) => {
      const v = row[name]
      stack.push(v !== undefined && Math.sign(compare(v, value ?? '')) === sign)
    }
  }
  const [name, value] = splitNameValue(body.startsWith('=') ? body.slice(1) : body)
  if (value === undefined) return (row, stack) => void stack.push(name in row)
  return (row, stack) => void stack.push(row[name] === value)
}

/**
 * Compiles query words (`?type=ether`, `?#|`, …) into a row predicate.
 * @example compileQuery(['?type=ether', '?type=vlan', '?#|'])({ type: 'vlan' }) // true
 */
export function compileQuery(words: readonly string[]): (row: Row) => boolean {
  if (words.length === 0) return () => true
  const steps = words.map(compileWord)
  return (row) => {
    const stack: boolean[] = []
    for (const step of steps) step(row, stack)
    return !stack.includes(false)
  }
}
