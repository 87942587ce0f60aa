// The change set that turns the live configuration into a stored text version: singleton menus
// by `set` (only properties that differ), built-in items by their selector, list menus matched by
// content (a stored item a live item already equals is left alone; the rest is added; live items
// the version does not have are removed), and ordered menus (firewall, NAT, mangle, routing
// rules, queues) replaced in order when they differ at all. Dynamic items are never touched.
import type { Row } from '../routeros/index.ts'
import { matches } from './apply-ops.ts'
import type { ChangeOperation } from './changes.types.ts'
import type { RscCommand, RscSection } from './rsc-parse.ts'

/** Menus whose items a restore removes when the stored version does not have them. */
export const REMOVABLE = [
  '/ip/address',
  '/ip/route',
  '/ip/firewall/filter',
  '/ip/firewall/nat',
  '/ip/firewall/mangle',
  '/ip/firewall/address-list',
  '/ip/dns/static',
  '/ip/pool',
  '/queue/simple',
  '/interface/vlan',
  '/interface/bridge/port',
  '/routing/rule',
]

export interface RestorePlan {
  operations: ChangeOperation[]
  notes: string[]
}

const own = (rows: Row[]) => rows.filter((r) => r.dynamic !== 'true' && r['.id'] !== undefined)

function differs(row: Row, props: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(props).filter(([k, v]) => !matches(row, { [k]: v })))
}

function planSets(
  path: string,
  cmds: RscCommand[],
  rows: Row[],
  notes: string[],
): ChangeOperation[] {
  const ops: ChangeOperation[] = []
  for (const c of cmds) {
    if (c.selector.kind === 'none') {
      const diff = rows[0] ? differs(rows[0], c.props) : c.props
      if (Object.keys(diff).length > 0) ops.push({ op: 'set', path, values: diff })
      continue
    }
    const sel = c.selector
    const where =
      sel.kind === 'find'
        ? sel.where
        : sel.kind === 'name'
          ? { name: sel.value }
          : { '.id': rows.filter((r) => r['.id'])[sel.n]?.['.id'] ?? '' }
    const target = rows.find((r) => matches(r, where))
    if (!target) {
      notes.push(`${path}: ${c.line} (no such item on the device)`)
      continue
    }
    const diff = differs(target, c.props)
    if (Object.keys(diff).length > 0)
      ops.push({ op: 'set', path, where: { '.id': target['.id'] ?? '' }, values: diff })
  }
  return ops
}

function planOrdered(path: string, adds: RscCommand[], rows: Row[]): ChangeOperation[] {
  const live = own(rows)
  if (live.length === adds.length && adds.every((c, i) => matches(live[i] ?? {}, c.props)))
    return []
  return [
    ...live.map((r): ChangeOperation => ({ op: 'remove', path, where: { '.id': r['.id'] ?? '' } })),
    ...adds.map((c): ChangeOperation => ({ op: 'add', path, values: c.props })),
  ]
}

function planList(
  path: string,
  adds: RscCommand[],
  rows: Row[],
  removable: boolean,
): ChangeOperation[] {
  const live = own(rows)
  const used = new Set<string>()
  const ops: ChangeOperation[] = []
  for (const c of adds) {
    const hit = live.find((r) => !used.has(r['.id'] ?? '') && matches(r, c.props))
    if (hit) used.add(hit['.id'] ?? '')
    else ops.push({ op: 'add', path, values: c.props })
  }
  if (!removable) return ops
  const removals = live
    .filter((r) => !used.has(r['.id'] ?? ''))
    .map((r): ChangeOperation => ({ op: 'remove', path, where: { '.id': r['.id'] ?? '' } }))
  return [...removals, ...ops]
}

/**
 * @param live rows the device prints now, per path (a path missing here is not on the device)
 * @param ordered whether a menu's order matters
 */
export function planRestore(
  sections: readonly RscSection[],
  live: ReadonlyMap<string, Row[]>,
  ordered: (path: string) => boolean,
): RestorePlan {
  const notes: string[] = []
  const operations: ChangeOperation[] = []
  const seen = new Set<string>()
  for (const s of sections) {
    const rows = live.get(s.path)
    if (!rows) {
      notes.push(`${s.path}: not on this device; left out`)
      continue
    }
    seen.add(s.path)
    const adds = s.commands.filter((c) => c.verb === 'add')
    operations.push(
      ...planSets(
        s.path,
        s.commands.filter((c) => c.verb === 'set'),
        rows,
        notes,
      ),
    )
    if (adds.length === 0) continue
    if (ordered(s.path)) operations.push(...planOrdered(s.path, adds, rows))
    else operations.push(...planList(s.path, adds, rows, REMOVABLE.includes(s.path)))
  }
  for (const path of REMOVABLE) {
    const rows = live.get(path)
    if (seen.has(path) || !rows) continue
    operations.push(
      ...own(rows).map((r): ChangeOperation => ({
        op: 'remove',
        path,
        where: { '.id': r['.id'] ?? '' },
      })),
    )
  }
  return { operations, notes }
}
