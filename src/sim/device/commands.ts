/**
 * Command dispatcher shared by the API server, scripts and the scheduler: path + verb + attributes
 * in, rows / return value out, {@link Trap} on failure. Print filtering (queries, .proplist,
 * count-only) is the API layer's job; this returns every row.
 */
import type { SimRouter } from './device.ts'
import { resolveInterface } from './interfaces.ts'
import {
  apiValue,
  CONFIG_MENU_SET,
  menuAvailable,
  RUNTIME_MENUS,
  SINGLETON_MENU_SET,
  storeValue,
} from './menus.ts'
import { requirePolicy, type ExecContext } from './policy.ts'
import { formatItem } from './rows.ts'
import { RUNTIME, type Row } from './runtime.ts'
import { SYSTEM_COMMANDS } from './system-commands.ts'
import { Trap, TRAP } from './trap.ts'
import { validateWrite } from './validate.ts'

export type { ExecContext }

export interface ExecResult {
  rows?: Row[]
  /** Value for `!done =ret=`. */
  ret?: string
  /** Runs once the reply has been sent (reboots). */
  after?: () => void
}

const WRITE_VERBS = new Set([
  'add',
  'set',
  'remove',
  'enable',
  'disable',
  'unset',
  'comment',
  'reset-counters',
  'move',
])
const READ_ONLY_RUNTIME = new Set<string>(
  RUNTIME_MENUS.filter((p) => p !== '/interface' && p !== '/ip/dhcp-server/lease' && p !== '/file'),
)

/** Whether `path` is a menu on this device. */
export function menuExists(dev: SimRouter, path: string): boolean {
  if (!menuAvailable(path, dev.persona, dev.version)) return false
  if (path === '/safe-mode') return dev.hasSafeMode
  return (
    CONFIG_MENU_SET.has(path) ||
    SINGLETON_MENU_SET.has(path) ||
    path in RUNTIME ||
    dev.tree.menus().includes(path) ||
    isSystemPath(path)
  )
}

let systemPaths: Set<string> | undefined
function isSystemPath(path: string): boolean {
  systemPaths ??= new Set(Object.keys(SYSTEM_COMMANDS).map((k) => k.slice(0, k.indexOf('|'))))
  return systemPaths.has(path)
}

export function execCommand(
  dev: SimRouter,
  path: string,
  rawVerb: string,
  attrs: Record<string, string>,
  ctx: ExecContext,
): ExecResult {
  const verb = rawVerb === 'getall' ? 'print' : rawVerb
  const sys = SYSTEM_COMMANDS[`${path}|${verb}`]
  if (sys && (path !== '/safe-mode' || dev.hasSafeMode)) return sys(dev, attrs, ctx)
  if (!menuExists(dev, path) || path === '') throw TRAP.noSuchCommandPrefix()
  if (verb === 'print') {
    requirePolicy(ctx, 'read')
    return { rows: printRows(dev, path, attrs) }
  }
  if (verb === 'export') return {}
  if (
    !WRITE_VERBS.has(verb) ||
    READ_ONLY_RUNTIME.has(path) ||
    (isSystemPath(path) && !CONFIG_MENU_SET.has(path))
  ) {
    throw TRAP.noSuchCommand()
  }
  requirePolicy(ctx, 'write')
  if (path.startsWith('/user')) requirePolicy(ctx, 'policy')
  const res = writeCommand(dev, path, verb, attrs)
  dev.addLog('system,info', `${editedItem(path)} ${EDIT_WORD[verb] ?? 'changed'} by ${ctx.user}`)
  return res
}

/** How RouterOS logs an edit (topics system,info): `mangle rule changed by admin`, `item added by admin`. */
const EDIT_WORD: Record<string, string> = { add: 'added', remove: 'removed', move: 'moved' }
function editedItem(path: string): string {
  const seg = path.slice(path.lastIndexOf('/') + 1)
  return path.startsWith('/ip/firewall/') || path.startsWith('/ipv6/firewall/')
    ? `${seg} rule`
    : seg === ''
      ? 'item'
      : seg
}

/** All rows of a menu, in API form. */
export function printRows(dev: SimRouter, path: string, attrs: Record<string, string> = {}): Row[] {
  const rt = RUNTIME[path]
  if (rt) return rt(dev, attrs)
  if (SINGLETON_MENU_SET.has(path) || dev.tree.isSingleton(path)) {
    const s = dev.tree.getSingleton(path)
    return [Object.fromEntries(Object.entries(s).map(([k, v]) => [k, apiValue(v)]))]
  }
  return dev.tree.list(path).map((item) => formatItem(dev, path, item))
}

function cleanProps(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs)) {
    if (
      k === '.id' ||
      k === 'numbers' ||
      k === 'place-before' ||
      k === 'destination' ||
      k.startsWith('.')
    )
      continue
    out[k] = storeValue(v)
  }
  return out
}

/** Resolves `.id`/`numbers` (comma list of ids or names) to item ids of a tree menu. */
export function resolveIds(dev: SimRouter, path: string, attrs: Record<string, string>): string[] {
  const ref = attrs['.id'] ?? attrs.numbers
  if (ref === undefined || ref === '') throw new Trap('no such item', 0)
  const items = dev.tree.list(path)
  return ref.split(',').map((r) => {
    const hit = items.find((i) => i.id === r) ?? items.find((i) => i.props.name === r)
    if (!hit) throw TRAP.noSuchItem()
    return hit.id
  })
}

function writeCommand(
  dev: SimRouter,
  path: string,
  verb: string,
  attrs: Record<string, string>,
): ExecResult {
  if (path === '/interface') return interfaceWrite(dev, verb, attrs)
  const tree = dev.tree
  if (SINGLETON_MENU_SET.has(path) || tree.isSingleton(path)) {
    if (verb !== 'set') throw TRAP.noSuchCommand()
    tree.setSingleton(path, validateWrite(dev, path, 'set', cleanProps(attrs)))
    return {}
  }
  // place-before / destination: ordered menus (firewall rules, queues) keep the position asked for
  // a bare number is a position, as in the CLI and scripts (`move … destination=0`)
  const place = (ref: string | undefined) =>
    ref && /^\d+$/.test(ref)
      ? tree.list(path)[Number(ref)]?.id
      : ref
        ? resolveIds(dev, path, { numbers: ref })[0]
        : undefined
  if (verb === 'add') {
    const props = validateWrite(dev, path, 'add', cleanProps(attrs))
    const before = place(attrs['place-before'])
    const id = tree.add(path, props)
    if (before !== undefined) tree.move(path, id, before)
    return { ret: id }
  }
  const ids = resolveIds(dev, path, attrs)
  if (verb === 'move') {
    const dest = place(attrs.destination)
    for (const id of ids) if (id !== dest) tree.move(path, id, dest)
    return {}
  }
  for (const id of ids) {
    if (verb === 'remove') tree.remove(path, id)
    else if (verb === 'enable' || verb === 'disable')
      tree.set(path, id, { disabled: String(verb === 'disable') })
    else if (verb === 'set')
      tree.set(path, id, validateWrite(dev, path, 'set', cleanProps(attrs), id))
    else if (verb === 'unset') tree.set(path, id, { [attrs['value-name'] ?? '']: '' })
  }
  return {}
}

function interfaceWrite(dev: SimRouter, verb: string, attrs: Record<string, string>): ExecResult {
  if (verb === 'add' || verb === 'remove') throw TRAP.noSuchCommand()
  const refs = (attrs['.id'] ?? attrs.numbers ?? '').split(',').filter((r) => r !== '')
  if (refs.length === 0) throw TRAP.noSuchItem()
  const targets = refs.map((r) => {
    const hit = resolveInterface(dev, r)
    if (!hit) throw TRAP.noSuchItem()
    return hit
  })
  for (const t of targets) {
    if (verb === 'enable' || verb === 'disable')
      dev.tree.set(t.menu, t.id, { disabled: String(verb === 'disable') })
    else if (verb === 'set')
      dev.tree.set(t.menu, t.id, validateWrite(dev, t.menu, 'set', cleanProps(attrs), t.id))
  }
  return {}
}
