/** The `/interface` view: every type menu merged into one list with live counters. */
import type { SimRouter } from './device.ts'
import { interfaceCounters, offsetCounters } from './live.ts'
import { apiValue, INTERFACE_MENUS } from './menus.ts'
import type { Row } from './runtime.ts'

interface IfaceRef {
  globalId: string
  menu: string
  id: string
}

const registries = new WeakMap<SimRouter, { next: number; ids: Map<string, string> }>()

/** Stable `/interface` ids for items of the type menus, assigned in first-seen order. */
export function globalId(dev: SimRouter, menu: string, id: string): string {
  let r = registries.get(dev)
  if (!r) {
    r = { next: 1, ids: new Map() }
    registries.set(dev, r)
  }
  const key = `${menu}|${id}`
  let g = r.ids.get(key)
  if (!g) {
    g = `*${(r.next++).toString(16).toUpperCase()}`
    r.ids.set(key, g)
  }
  return g
}

export function interfaceRefs(dev: SimRouter): IfaceRef[] {
  const out: IfaceRef[] = []
  for (const menu of Object.keys(INTERFACE_MENUS)) {
    for (const item of dev.tree.list(menu))
      out.push({ globalId: globalId(dev, menu, item.id), menu, id: item.id })
  }
  return out
}

/** Resolves `*N` or a name to the underlying type-menu item. */
export function resolveInterface(dev: SimRouter, ref: string): IfaceRef | undefined {
  return interfaceRefs(dev).find(
    (r) => r.globalId === ref || dev.tree.get(r.menu, r.id)?.props.name === ref,
  )
}

/** Whether a port has link (cable plugged in): first two ethernet ports, wireless, bridges. */
function linked(menu: string, name: string): boolean {
  if (menu === '/interface/ethernet') return name === 'ether1' || name === 'ether2'
  return true
}

export function interfaceRows(dev: SimRouter): Row[] {
  const t = dev.uptimeMs / 1000
  return interfaceRefs(dev).map((r, index) => {
    const props = dev.tree.get(r.menu, r.id)?.props ?? {}
    const name = props.name ?? ''
    const disabled = props.disabled === 'true' || props.disabled === 'yes'
    const running = !disabled && linked(r.menu, name)
    const c = running
      ? offsetCounters(interfaceCounters(dev.seed, index, t), dev.counterOffset)
      : { rxByte: 0n, txByte: 0n, rxPacket: 0n, txPacket: 0n }
    const mtu = props.mtu ?? '1500'
    const row: Row = {
      '.id': r.globalId,
      name,
      type: INTERFACE_MENUS[r.menu] ?? 'ether',
      mtu,
      'actual-mtu': mtu,
      l2mtu: '1598',
      'max-l2mtu': '9796',
      'mac-address': props['mac-address'] ?? '00:00:00:00:00:00',
      'link-downs': '0',
      'rx-byte': String(c.rxByte),
      'tx-byte': String(c.txByte),
      'rx-packet': String(c.rxPacket),
      'tx-packet': String(c.txPacket),
      'rx-drop': '0',
      'tx-drop': '0',
      'tx-queue-drop': '0',
      'rx-error': '0',
      'tx-error': '0',
      'fp-rx-byte': String(c.rxByte),
      'fp-tx-byte': String(c.txByte),
      'fp-rx-packet': String(c.rxPacket),
      'fp-tx-packet': String(c.txPacket),
      running: String(running),
      slave: String(isSlave(dev, name)),
      disabled: String(disabled),
    }
    if (props['default-name']) row['default-name'] = props['default-name']
    if (running) row['last-link-up-time'] = dev.formatDateTime(dev.bootAt + 3000)
    if (props.comment !== undefined) row.comment = props.comment
    for (const k of Object.keys(row)) row[k] = apiValue(row[k] as string)
    return row
  })
}

function isSlave(dev: SimRouter, name: string): boolean {
  return dev.tree.list('/interface/bridge/port').some((p) => p.props.interface === name)
}
