/** Item, selector, snapshot and change types of the simulated configuration tree (config-tree.ts). */

export interface ConfigItem {
  id: string
  props: Record<string, string>
}

/** How `/export` addresses a built-in item instead of `add`ing it. */
export type Selector =
  | { kind: 'default-name'; value: string } // set [ find default-name=ether1 ]
  | { kind: 'default' } // set [ find default=yes ]
  | { kind: 'index'; n: number } // set 0
  | { kind: 'name'; key: string } // set slot1  (the value is the item's current props[key])

export interface ConfigEntry extends ConfigItem {
  /** Keys set explicitly (by add/set/seeding); compact export prints those that differ from defaults. */
  readonly explicit: readonly string[]
  readonly defaults: Readonly<Record<string, string>>
  /** Set on built-in items: exported as `set <selector> …` (or `remove <selector>` once removed). */
  readonly sel?: Selector
  readonly removed?: boolean
  /**
   * Keys a seed export set explicitly: printed by compact export even when equal to the default
   * we assume, because the router that wrote the export printed them (its default differs).
   */
  readonly pinned?: readonly string[]
}

export interface MenuDef {
  singleton?: boolean
  /** Defaults merged into every item (or into the singleton); shown by verbose export. */
  defaults?: Record<string, string>
}

export interface AddOptions {
  /** Non-explicit properties of this item (verbose export only, unless changed). */
  defaults?: Record<string, string>
  /** Marks a built-in item; all of `props` then count as defaults. */
  builtin?: Selector
}

export interface ChangeEvent {
  path: string
  id?: string
  item?: ConfigItem
  dead?: boolean
}

export interface Menu {
  singleton: boolean
  nextId: number
  items: Map<string, ConfigEntry>
  single?: ConfigEntry
  owner: object
}

export interface MenuSnapshot {
  path: string
  singleton: boolean
  nextId: number
  items: ConfigEntry[]
  single?: ConfigEntry
}

export interface TreeSnapshot {
  v: 1
  menus: MenuSnapshot[]
}
