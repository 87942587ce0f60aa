// Validation against the device before anything is applied: the path exists, the properties are
// known for this RouterOS version (the catalogue plus what the device prints), the items a
// set/remove/enable/disable/move names exist (counting items added earlier in the same set),
// and interfaces referenced by name exist. Every problem names the path or property.
import { TrapError, type RouterOsSession, type Row } from '../routeros/index.ts'
import { matches } from './apply-ops.ts'
import { majorOf, menuSpec } from './catalogue.ts'
import type { ChangeOperation, PropertyValues } from './changes.types.ts'

export interface Problem {
  index: number
  message: string
}

const ALWAYS = new Set(['comment', 'disabled', 'name', 'place-before', 'copy-from'])
const IFACE_REFS = ['interface', 'in-interface', 'out-interface', 'bridge', 'master-interface']

interface MenuState {
  exists: boolean
  singleton: boolean
  rows: Row[]
}

/** Reads each touched menu once; `undefined` rows mean the path does not exist. */
async function readMenu(s: RouterOsSession, path: string): Promise<MenuState> {
  try {
    const rows = await s.print(path)
    const singleton = rows.length === 1 && rows[0]?.['.id'] === undefined
    return { exists: true, singleton, rows }
  } catch (e) {
    if (e instanceof TrapError) return { exists: false, singleton: false, rows: [] }
    throw e
  }
}

function unknownProps(
  version: string,
  path: string,
  menu: MenuState,
  values: PropertyValues,
): string[] {
  const spec = menuSpec(version, path)
  const printed = new Set(menu.rows.flatMap((r) => Object.keys(r)))
  if (!spec && printed.size === 0) return []
  return Object.keys(values).filter(
    (k) => !ALWAYS.has(k) && !printed.has(k) && !(spec && k in spec.props),
  )
}

/** Problems of a change set on this device; empty when it may be applied. */
export async function validateOnDevice(
  s: RouterOsSession,
  ops: readonly ChangeOperation[],
): Promise<Problem[]> {
  const version = (await s.print('/system/resource'))[0]?.version ?? ''
  const menus = new Map<string, MenuState>()
  const menu = async (path: string) => {
    let m = menus.get(path)
    if (!m) menus.set(path, (m = await readMenu(s, path)))
    return m
  }
  const ifaces = new Set((await s.print('/interface')).map((r) => r.name ?? ''))
  const problems: Problem[] = []
  for (const [index, op] of ops.entries()) {
    if (op.op === 'script') {
      if (op.lines.length === 0 || op.lines.some((l) => l.trim() === ''))
        problems.push({ index, message: 'a script operation needs non-empty lines' })
      continue
    }
    const m = await menu(op.path)
    if (!m.exists) {
      problems.push({ index, message: `unknown path ${op.path} on RouterOS ${version}` })
      continue
    }
    const named = {
      ...(('where' in op && op.where) || {}),
      ...(('values' in op && op.values) || {}),
      ...(op.op !== 'add' && 'before' in op && op.before ? op.before : {}),
    }
    for (const p of unknownProps(version, op.path, m, named))
      problems.push({
        index,
        message: `unknown property ${p} of ${op.path} on RouterOS ${majorOf(version)}`,
      })
    const where = 'where' in op ? op.where : undefined
    if (m.singleton && op.op !== 'set')
      problems.push({ index, message: `${op.path} is a single settings menu: only set applies` })
    else if (!m.singleton && op.op !== 'add' && (!where || Object.keys(where).length === 0))
      problems.push({ index, message: `${op.op} on ${op.path} needs "where" to pick the items` })
    else if (
      !m.singleton &&
      where &&
      Object.keys(where).length > 0 &&
      !m.rows.some((r) => matches(r, where))
    )
      problems.push({
        index,
        message: `no item of ${op.path} matches ${Object.entries(where)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      })
    if ('before' in op && op.before && !m.rows.some((r) => matches(r, op.before ?? {})))
      problems.push({ index, message: `no item of ${op.path} matches the "before" item` })
    if ('values' in op) {
      for (const k of IFACE_REFS) {
        const v = op.values[k]
        if (v !== undefined && v !== '' && !v.startsWith('!') && v !== 'all' && !ifaces.has(v))
          problems.push({ index, message: `${k}=${v}: no such interface` })
      }
      if (op.op === 'add') {
        m.rows.push({ ...op.values })
        if (op.path.startsWith('/interface') && op.values.name) ifaces.add(op.values.name)
      }
    }
  }
  return problems
}
