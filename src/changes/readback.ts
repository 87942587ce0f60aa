// Reading back what a change touched: verification that the change is there (from a fresh
// session), and the check that a device which restored itself is on its old configuration.
// Only the properties the operations name (plus `disabled`) are compared, so counters and
// other runtime fields never make two readings differ; secrets are never compared.
import type { RouterOsSession, Row } from '../routeros/index.ts'
import { matches } from './apply-ops.ts'
import type { ChangeOperation } from './changes.types.ts'
import { isSecretProperty } from './secrets.ts'

/** path → rows, reduced to the compared properties, in device order. */
export type Touched = Record<string, string[]>

function keysByPath(ops: readonly ChangeOperation[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const op of ops) {
    if (op.op === 'script') continue
    const keys = out.get(op.path) ?? new Set(['disabled'])
    for (const part of [
      ('where' in op && op.where) || {},
      ('values' in op && op.values) || {},
      ('before' in op && op.before) || {},
    ]) {
      for (const k of Object.keys(part)) if (!isSecretProperty(k)) keys.add(k)
    }
    out.set(op.path, keys)
  }
  return out
}

const bool = (v: string | undefined) => (v === 'yes' ? 'true' : v === 'no' ? 'false' : (v ?? ''))

/** The touched menus as comparable text. */
export async function readTouched(
  s: RouterOsSession,
  ops: readonly ChangeOperation[],
): Promise<Touched> {
  const out: Touched = {}
  for (const [path, keys] of keysByPath(ops)) {
    const rows = await s.print(path)
    out[path] = rows.map((r) => JSON.stringify([...keys].sort().map((k) => [k, bool(r[k])])))
  }
  return out
}

/** Whether two readings show the same configuration (list menus compared as multisets, ordered ones in order). */
export function sameTouched(a: Touched, b: Touched, ordered: (path: string) => boolean): boolean {
  for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[path] ?? []
    const y = b[path] ?? []
    const [p, q] = ordered(path) ? [x, y] : [[...x].sort(), [...y].sort()]
    if (p.length !== q.length || p.some((v, i) => v !== q[i])) return false
  }
  return true
}

function effectHolds(op: Exclude<ChangeOperation, { op: 'script' }>, rows: Row[]): boolean {
  const plain = (v: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(v ?? {}).filter(([k]) => !isSecretProperty(k)))
  const where = plain('where' in op ? op.where : undefined)
  switch (op.op) {
    case 'add':
      return rows.some((r) => matches(r, plain(op.values)))
    case 'set':
      return rows.some((r) => matches(r, { ...where, ...plain(op.values) }))
    case 'remove':
      return Object.keys(where).length > 0 && !rows.some((r) => matches(r, where))
    case 'enable':
    case 'disable':
      return rows.some((r) =>
        matches(r, { ...where, disabled: op.op === 'disable' ? 'true' : 'false' }),
      )
    case 'move': {
      if (!op.before) return rows.length > 0 && matches(rows[rows.length - 1] ?? {}, where)
      const i = rows.findIndex((r) => matches(r, where))
      const j = rows.findIndex((r) => matches(r, plain(op.before)))
      return i >= 0 && j >= 0 && i < j
    }
  }
}

/**
 * Problems with the change as read back now (empty: it is all there). An operation whose menu a
 * later operation touches again is not checked on its own (the later one decides).
 */
export async function verifyChange(
  s: RouterOsSession,
  ops: readonly ChangeOperation[],
): Promise<string[]> {
  const problems: string[] = []
  const cache = new Map<string, Row[]>()
  for (const [i, op] of ops.entries()) {
    if (op.op === 'script') continue
    if (ops.slice(i + 1).some((later) => later.op !== 'script' && later.path === op.path)) continue
    let rows = cache.get(op.path)
    if (!rows) cache.set(op.path, (rows = await s.print(op.path)))
    if (!effectHolds(op, rows))
      problems.push(`operation ${i + 1} (${op.op} on ${op.path}) is not in effect`)
  }
  return problems
}
