/**
 * The configuration state of one simulated RouterOS device: menus (slash paths such as
 * '/ip/address') holding either a list of items with `*N` ids or one singleton settings object.
 *
 * Items are immutable records: every change replaces the record, so trees can share structure.
 * `clone()` is O(menus) and the fleet uses it to give 10,000 devices the same seeded config at
 * little memory cost; `snapshot()` shares records too and is plain JSON-able data.
 *
 * Each item remembers which properties were set explicitly and what its defaults are, so the
 * export renderer can print compact (non-default only) or verbose output, and built-in items
 * (ether1, the default security profile, serial0, …) remember how `/export` selects them.
 */
import { isSingletonMenu } from './menus.ts'
import { insertMenuPath } from './menu-order.ts'
import type {
  AddOptions,
  ChangeEvent,
  ConfigEntry,
  Menu,
  MenuDef,
  MenuSnapshot,
  TreeSnapshot,
} from './config-types.ts'

export type {
  AddOptions,
  ChangeEvent,
  ConfigEntry,
  ConfigItem,
  MenuDef,
  Selector,
  TreeSnapshot,
} from './config-types.ts'

export class ConfigTree {
  private menusByPath = new Map<string, Menu>()
  private order: string[] = []
  private owner: object = {}
  private defs: Map<string, MenuDef>
  private listeners: Set<(ev: ChangeEvent) => void> | undefined
  private lastCreated: string | undefined
  /**
   * 'rank': a new menu goes where `/export` prints it; 'sequential': right after the menu written
   * last (used while seeding from an export, to keep that export's order).
   */
  menuPlacement: 'rank' | 'sequential' = 'rank'

  constructor(defs?: Map<string, MenuDef>) {
    this.defs = defs ?? new Map()
  }

  /** Declares a menu's kind and defaults (schema; not part of snapshots). */
  defineMenu(path: string, def: MenuDef): void {
    this.defs = new Map(this.defs)
    this.defs.set(path, def)
  }

  isSingleton(path: string): boolean {
    const m = this.menusByPath.get(path)
    if (m) return m.singleton
    return this.defs.get(path)?.singleton ?? isSingletonMenu(path)
  }

  /** Menus holding anything, in `/export` order. */
  menus(): string[] {
    return this.order.filter((p) => {
      const m = this.menusByPath.get(p)
      return m !== undefined && (m.items.size > 0 || m.single !== undefined)
    })
  }

  list(path: string): ConfigEntry[] {
    const m = this.menusByPath.get(path)
    if (!m) return []
    const out: ConfigEntry[] = []
    for (const e of m.items.values()) if (!e.removed) out.push(e)
    return out
  }

  /** Every record of a list menu including removed built-ins (for the export renderer). */
  entries(path: string): ConfigEntry[] {
    const m = this.menusByPath.get(path)
    return m ? [...m.items.values()] : []
  }

  get(path: string, id: string): ConfigEntry | undefined {
    const e = this.menusByPath.get(path)?.items.get(id)
    return e && !e.removed ? e : undefined
  }

  /** Finds an item by id (`*1A`), by `name`, or by `default-name`. */
  resolve(path: string, ref: string): ConfigEntry | undefined {
    const direct = this.get(path, ref)
    if (direct) return direct
    const all = this.list(path)
    return all.find((e) => e.props.name === ref) ?? all.find((e) => e.props['default-name'] === ref)
  }

  add(path: string, props: Record<string, string>, opts: AddOptions = {}): string {
    const m = this.writable(path, false)
    const id = '*' + (m.nextId++).toString(16).toUpperCase()
    const base = { ...this.defs.get(path)?.defaults, ...opts.defaults }
    const defaults = opts.builtin ? { ...base, ...props } : base
    const entry: ConfigEntry = {
      id,
      props: Object.freeze({ ...defaults, ...props }),
      explicit: opts.builtin ? [] : Object.keys(props),
      defaults: Object.freeze(defaults),
      ...(opts.builtin ? { sel: opts.builtin } : {}),
    }
    m.items.set(id, entry)
    this.emit({ path, id, item: entry })
    return id
  }

  /** Pins keys of an item (or of the singleton when id is undefined); see {@link ConfigEntry.pinned}. */
  pin(path: string, id: string | undefined, keys: string[]): void {
    const m = this.writable(path, id === undefined)
    const e = id === undefined ? m.single : m.items.get(id)
    if (!e || keys.length === 0) return
    const next = { ...e, pinned: [...new Set([...(e.pinned ?? []), ...keys])] }
    if (id === undefined) m.single = next
    else m.items.set(id, next)
  }

  /** Forgets which menu was written last (the next new menu is placed by rank). */
  resetPlacement(): void {
    this.lastCreated = undefined
  }

  set(path: string, id: string, props: Record<string, string>): void {
    const m = this.writable(path, false)
    const e = m.items.get(id)
    if (!e || e.removed) throw new Error(`no such item ${id} in ${path}`)
    const next = withProps(e, props)
    m.items.set(id, next)
    this.emit({ path, id, item: next })
  }

  /** Reverts properties to their defaults (RouterOS `unset`). */
  unset(path: string, id: string, keys: string[]): void {
    const m = this.writable(path, false)
    const e = m.items.get(id)
    if (!e || e.removed) throw new Error(`no such item ${id} in ${path}`)
    const props: Record<string, string> = { ...e.props }
    for (const k of keys) {
      const d = e.defaults[k]
      if (d === undefined) delete props[k]
      else props[k] = d
    }
    const explicit = e.explicit.filter((k) => !keys.includes(k))
    const pinned = e.pinned?.filter((k) => !keys.includes(k))
    const next: ConfigEntry = {
      ...e,
      props: Object.freeze(props),
      explicit,
      ...(pinned ? { pinned } : {}),
    }
    m.items.set(id, next)
    this.emit({ path, id, item: next })
  }

  remove(path: string, id: string): void {
    const m = this.writable(path, false)
    const e = m.items.get(id)
    if (!e || e.removed) throw new Error(`no such item ${id} in ${path}`)
    if (e.sel) m.items.set(id, { ...e, removed: true })
    else m.items.delete(id)
    this.emit({ path, id, dead: true })
  }

  /** Moves an item before another one (or to the end). */
  move(path: string, id: string, beforeId?: string): void {
    const m = this.writable(path, false)
    const e = m.items.get(id)
    if (!e) throw new Error(`no such item ${id} in ${path}`)
    const rest = [...m.items.entries()].filter(([k]) => k !== id)
    const at = beforeId === undefined ? -1 : rest.findIndex(([k]) => k === beforeId)
    if (at < 0) rest.push([id, e])
    else rest.splice(at, 0, [id, e])
    m.items = new Map(rest)
    this.emit({ path, id, item: e })
  }

  getSingleton(path: string): Record<string, string> {
    const m = this.menusByPath.get(path)
    return { ...(m?.single?.props ?? this.defs.get(path)?.defaults) }
  }

  /** The singleton record with its explicit keys (for the export renderer). */
  singletonEntry(path: string): ConfigEntry | undefined {
    return this.menusByPath.get(path)?.single
  }

  setSingleton(
    path: string,
    props: Record<string, string>,
    opts: { asDefaults?: boolean } = {},
  ): void {
    const m = this.writable(path, true)
    const cur = m.single ?? blankSingleton(this.defs.get(path)?.defaults)
    const next = opts.asDefaults
      ? {
          ...cur,
          props: Object.freeze({ ...cur.props, ...props }),
          defaults: Object.freeze({ ...cur.defaults, ...props }),
        }
      : withProps(cur, props)
    m.single = next
    this.emit({ path, item: next })
  }

  /** A tree sharing this one's records; both copy on write from now on. */
  clone(): ConfigTree {
    const t = new ConfigTree(this.defs)
    t.menusByPath = new Map(this.menusByPath)
    t.order = [...this.order]
    this.owner = {}
    return t
  }

  snapshot(): TreeSnapshot {
    const menus: MenuSnapshot[] = []
    for (const path of this.order) {
      const m = this.menusByPath.get(path)
      if (!m) continue
      const s: MenuSnapshot = {
        path,
        singleton: m.singleton,
        nextId: m.nextId,
        items: [...m.items.values()],
      }
      if (m.single) s.single = m.single
      menus.push(s)
    }
    return { v: 1, menus }
  }

  /** Replaces the whole state; emits one event without id per menu touched. */
  restore(snap: unknown): void {
    const s = snap as TreeSnapshot
    if (!s || s.v !== 1 || !Array.isArray(s.menus)) throw new Error('not a config snapshot')
    const before = this.order
    this.owner = {}
    this.menusByPath = new Map()
    this.order = []
    for (const ms of s.menus) {
      const menu: Menu = {
        singleton: ms.singleton,
        nextId: ms.nextId,
        items: new Map(),
        owner: this.owner,
      }
      for (const e of ms.items) menu.items.set(e.id, e)
      if (ms.single) menu.single = ms.single
      this.menusByPath.set(ms.path, menu)
      this.order.push(ms.path)
    }
    for (const path of new Set([...before, ...this.order])) this.emit({ path })
  }

  onChange(fn: (ev: ChangeEvent) => void): () => void {
    this.listeners ??= new Set()
    this.listeners.add(fn)
    return () => this.listeners?.delete(fn)
  }

  private emit(ev: ChangeEvent): void {
    if (!this.listeners) return
    for (const fn of [...this.listeners]) fn(ev)
  }

  private writable(path: string, singleton: boolean): Menu {
    let m = this.menusByPath.get(path)
    if (!m) {
      m = { singleton, nextId: 1, items: new Map(), owner: this.owner }
      this.menusByPath.set(path, m)
      const seq = this.menuPlacement === 'sequential'
      this.order = insertMenuPath(this.order, path, this.lastCreated, seq)
      this.lastCreated = path
      return m
    }
    if (m.singleton !== singleton) {
      throw new Error(`${path} is ${m.singleton ? 'a settings menu' : 'a list menu'}`)
    }
    if (m.owner !== this.owner) {
      m = { ...m, items: new Map(m.items), owner: this.owner }
      this.menusByPath.set(path, m)
    }
    this.lastCreated = path
    return m
  }
}

function withProps(e: ConfigEntry, props: Record<string, string>): ConfigEntry {
  const explicit = new Set(e.explicit)
  for (const k of Object.keys(props)) explicit.add(k)
  return { ...e, props: Object.freeze({ ...e.props, ...props }), explicit: [...explicit] }
}

function blankSingleton(defaults: Record<string, string> = {}): ConfigEntry {
  return {
    id: '',
    props: Object.freeze({ ...defaults }),
    explicit: [],
    defaults: Object.freeze({ ...defaults }),
  }
}
