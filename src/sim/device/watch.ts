/** Change streams for `listen`: config-tree events and log entries turned into API rows. */
import { printRows } from './commands.ts'
import type { SimRouter } from './device.ts'
import { globalId, interfaceRefs } from './interfaces.ts'
import { INTERFACE_MENUS } from './menus.ts'
import { formatItem } from './rows.ts'
import type { Row } from './runtime.ts'
import type { ChangeEvent } from './tree.ts'

/** Calls `fn` with a row for every change in `path` (removed items: `.id` + `.dead=yes`). */
export function watchMenu(dev: SimRouter, path: string, fn: (row: Row) => void): () => void {
  if (path === '/log') {
    return dev.onLog((e) => {
      const row = printRows(dev, '/log').find(
        (r) => r['.id'] === `*${e.id.toString(16).toUpperCase()}`,
      )
      if (row) fn(row)
    })
  }
  const tree = dev.tree
  return tree.onChange((ev: ChangeEvent) => {
    if (path === '/interface') {
      if (!(ev.path in INTERFACE_MENUS) || ev.id === undefined) return
      const ref = interfaceRefs(dev).find((r) => r.menu === ev.path && r.id === ev.id)
      if (ev.dead) {
        fn({ '.id': globalId(dev, ev.path, ev.id), '.dead': 'yes' })
        return
      }
      const row = printRows(dev, '/interface').find((r) => r['.id'] === ref?.globalId)
      if (row) fn(row)
      return
    }
    if (ev.path !== path) return
    if (ev.id === undefined) {
      if (tree.isSingleton(path)) fn(printRows(dev, path)[0] ?? {})
      return
    }
    if (ev.dead) fn({ '.id': ev.id, '.dead': 'yes' })
    else if (ev.item) fn(formatItem(dev, path, ev.item))
  })
}
