/**
 * The single place the device binds to SIM-EDGE's config tree, export parser and renderer
 * (src/sim/config/**).
 */
import { ConfigTree } from '../config/config-tree.ts'
import { renderExport } from '../config/export-render.ts'
import type { ParsedExport } from '../config/export-parser.ts'
import { seedFromExport } from '../config/seed-export.ts'
import type { SimRouter } from './device.ts'

export type { ConfigItem, ChangeEvent } from '../config/config-tree.ts'
export type Tree = ConfigTree

export function createTree(): Tree {
  return new ConfigTree()
}

/** Applies an .rsc export (or any script of config commands) to the tree. */
export function importExport(tree: Tree, text: string): void {
  seedFromExport(tree, text)
}

/** Seeds a new device's tree from a real export, keeping every key the export prints. */
export function seedTree(tree: Tree, parsed: ParsedExport): void {
  seedFromExport(tree, parsed, { pin: true })
}

export interface ExportFlags {
  terse?: boolean
  verbose?: boolean
  showSensitive?: boolean
  hideSensitive?: boolean
  eol?: string
}

/** `/export` text of the device's current configuration. */
export function renderTreeExport(dev: SimRouter, flags: ExportFlags): string {
  const p = dev.persona
  return renderExport(dev.tree, {
    version: dev.version,
    date: new Date(dev.clock.now()),
    softwareId: dev.softwareId,
    ...(p.routerboard ? { model: p.model, serial: dev.serialNumber } : {}),
    ...flags,
    eol: flags.eol ?? '\n',
  })
}
