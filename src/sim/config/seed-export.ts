/**
 * Applies parsed export commands to a ConfigTree: `add`, `set` (singletons, `[ find … ]`,
 * numbers, names, ids), `remove`, `enable`, `disable`, `unset`. Built-in items addressed by an
 * export but missing from the tree (ether1, serial0, the default profile…) are created as
 * built-ins, so the next `/export` addresses them the same way.
 */
import type { ConfigEntry, ConfigTree, Selector } from './config-tree.ts'
import { parseExport } from './export-parser.ts'
import type { ParsedExport, RscCommand, RscSelector } from './export-parser.ts'
import { toTreeProps, toTreeValue } from './values.ts'

export interface SeedResult {
  parsed: ParsedExport
  applied: number
  /** Commands that are not configuration (e.g. `/system reboot`) or could not be applied. */
  skipped: { command: RscCommand; reason: string }[]
}

export interface ApplyOptions {
  /**
   * Pin every key a `set` names (ConfigEntry.pinned), so the next compact `/export` prints it
   * again even where the simulator's default is the same value. Used when seeding a device from
   * a real export: the router printed those keys, so on that router they were not defaults.
   */
  pin?: boolean
}

export function seedFromExport(
  tree: ConfigTree,
  text: string | ParsedExport,
  opts: ApplyOptions = {},
): SeedResult {
  const parsed = typeof text === 'string' ? parseExport(text) : text
  const res = applyCommands(tree, parsed.commands, opts)
  return { parsed, ...res }
}

/** Applies commands in order; new menus keep the order in which the commands name them. */
export function applyCommands(
  tree: ConfigTree,
  commands: RscCommand[],
  opts: ApplyOptions = {},
): Omit<SeedResult, 'parsed'> {
  let applied = 0
  const skipped: SeedResult['skipped'] = []
  const placement = tree.menuPlacement
  tree.resetPlacement()
  tree.menuPlacement = 'sequential'
  try {
    for (const command of commands) {
      const reason = applyCommand(tree, command, opts)
      if (reason === undefined) applied++
      else skipped.push({ command, reason })
    }
  } finally {
    tree.menuPlacement = placement
  }
  return { applied, skipped }
}

/** Returns undefined on success, else why the command was skipped. */
export function applyCommand(
  tree: ConfigTree,
  cmd: RscCommand,
  opts: ApplyOptions = {},
): string | undefined {
  const props = toTreeProps(cmd.args)
  const { path } = cmd
  const pinKeys = opts.pin === true ? Object.keys(props) : []
  switch (cmd.verb) {
    case 'add':
      tree.add(path, props)
      return undefined
    case 'set':
      if (!cmd.selector) {
        tree.setSingleton(path, props)
        tree.pin(path, undefined, pinKeys)
        return undefined
      }
      for (const e of targets(tree, path, cmd.selector)) {
        tree.set(path, e.id, props)
        tree.pin(path, e.id, pinKeys)
      }
      return undefined
    case 'remove':
      for (const e of targets(tree, path, cmd.selector)) tree.remove(path, e.id)
      return undefined
    case 'enable':
    case 'disable':
      for (const e of targets(tree, path, cmd.selector)) {
        tree.set(path, e.id, { disabled: cmd.verb === 'disable' ? 'true' : 'false' })
      }
      return undefined
    case 'unset':
      for (const e of targets(tree, path, cmd.selector)) tree.unset(path, e.id, cmd.flags)
      return undefined
    default:
      return `not a configuration command: ${cmd.verb}`
  }
}

function targets(tree: ConfigTree, path: string, sel: RscSelector | undefined): ConfigEntry[] {
  if (!sel) throw new Error(`${path}: missing item selector`)
  if (sel.kind === 'find') return findTargets(tree, path, sel.where)
  return sel.values.map((v) => refTarget(tree, path, v))
}

function findTargets(tree: ConfigTree, path: string, where: Record<string, string>): ConfigEntry[] {
  const keys = Object.keys(where)
  const items = tree.list(path)
  if (keys.length === 1 && where['default-name'] !== undefined) {
    const name = where['default-name']
    const found = items.filter((e) => e.props['default-name'] === name)
    if (found.length > 0) return found
    return [
      builtin(tree, path, { 'default-name': name, name }, { kind: 'default-name', value: name }),
    ]
  }
  if (keys.length === 1 && where.default === 'yes') {
    const found = items.filter((e) => e.sel?.kind === 'default' || e.props.default === 'true')
    if (found.length > 0) return found
    const name = path === '/snmp/community' ? 'public' : 'default'
    return [builtin(tree, path, { name, default: 'true' }, { kind: 'default' })]
  }
  return items.filter((e) => keys.every((k) => e.props[k] === toTreeValue(k, where[k] as string)))
}

function refTarget(tree: ConfigTree, path: string, ref: string): ConfigEntry {
  const items = tree.list(path)
  if (/^\d+$/.test(ref)) {
    const n = Number(ref)
    const at = items[n]
    if (at) return at
    // `set 3` names the fourth default item: create the ones before it too, so the number the
    // next export prints (the item's position) is still 3
    let made: ConfigEntry | undefined
    for (let i = items.length; i <= n; i++) made = builtin(tree, path, {}, { kind: 'index', n: i })
    return made as ConfigEntry
  }
  const found = tree.resolve(path, ref)
  if (found) return found
  if (ref.startsWith('*')) throw new Error(`${path}: no such item ${ref}`)
  return builtin(tree, path, { name: ref }, { kind: 'name', key: 'name' })
}

function builtin(
  tree: ConfigTree,
  path: string,
  props: Record<string, string>,
  sel: Selector,
): ConfigEntry {
  const id = tree.add(path, props, { builtin: sel })
  return tree.get(path, id) as ConfigEntry
}
