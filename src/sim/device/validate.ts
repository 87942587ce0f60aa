/** Argument checks for writes: unknown parameters, bad values, references, unique names. */
import { checkServiceCertificate } from './certificates.ts'
import type { SimRouter } from './device.ts'
import { interfaceRefs } from './interfaces.ts'
import { INTERFACE_MENUS, UNIQUE_NAME_MENUS } from './menus.ts'
import { networkOf } from './rows.ts'
import { TRAP } from './trap.ts'
import { wireguardProps } from './wireguard.ts'
import { formatDate, formatTime, parseDuration } from './version.ts'

/** Known parameters of some menus; menus not listed accept anything. */
const SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  '/ip/address': ['address', 'network', 'interface', 'comment', 'disabled', 'broadcast', 'netmask'],
  '/system/identity': ['name'],
  '/system/clock': ['time-zone-name', 'time-zone-autodetect', 'time', 'date'],
  '/system/scheduler': [
    'name',
    'start-date',
    'start-time',
    'interval',
    'on-event',
    'policy',
    'disabled',
    'comment',
  ],
  '/system/script': ['name', 'source', 'policy', 'comment', 'dont-require-permissions', 'owner'],
  '/user': [
    'name',
    'group',
    'password',
    'address',
    'comment',
    'disabled',
    'inactivity-policy',
    'inactivity-timeout',
  ],
  '/user/group': ['name', 'policy', 'skin', 'comment'],
  '/interface/vlan': [
    'name',
    'vlan-id',
    'interface',
    'mtu',
    'comment',
    'disabled',
    'arp',
    'use-service-tag',
    'loop-protect',
    'mac-address',
  ],
  '/interface/ethernet': [
    'name',
    'mtu',
    'comment',
    'disabled',
    'advertise',
    'arp',
    'auto-negotiation',
    'l2mtu',
    'mac-address',
    'poe-out',
    'speed',
    'loop-protect',
    'rx-flow-control',
    'tx-flow-control',
    'full-duplex',
  ],
}

/** Parameters that must name an existing interface. */
const IFACE_PARAMS: Readonly<Record<string, string>> = {
  '/ip/address': 'interface',
  '/interface/vlan': 'interface',
  '/interface/bridge/port': 'interface',
  '/ip/dhcp-client': 'interface',
  '/ip/dhcp-server': 'interface',
}

export function validateWrite(
  dev: SimRouter,
  path: string,
  verb: 'add' | 'set',
  props: Record<string, string>,
  id?: string,
): Record<string, string> {
  checkServiceCertificate(dev, path, props)
  const schema = SCHEMAS[path]
  if (schema)
    for (const k of Object.keys(props)) if (!schema.includes(k)) throw TRAP.unknownParameter(k)
  const ifParam = IFACE_PARAMS[path]
  if (ifParam && props[ifParam] !== undefined) {
    const names = interfaceRefs(dev).map((r) => dev.tree.get(r.menu, r.id)?.props.name)
    if (!names.includes(props[ifParam])) throw TRAP.noMatch(ifParam)
  }
  if (UNIQUE_NAME_MENUS.has(path) && props.name !== undefined) {
    if (props.name === '') throw TRAP.invalidValue('name')
    const scope = path in INTERFACE_MENUS ? Object.keys(INTERFACE_MENUS) : [path]
    const clash = scope.some((m) =>
      dev.tree.list(m).some((i) => i.props.name === props.name && !(m === path && i.id === id)),
    )
    if (clash) throw TRAP.alreadyHaveName()
  }
  if (path.startsWith('/interface/wireguard')) return wireguardProps(dev, path, verb, props)
  if (path === '/ip/address') return ipAddress(dev, verb, props, id)
  if (path === '/system/scheduler') return scheduler(dev, verb, props)
  if (path === '/user' && props.group !== undefined) {
    if (!dev.tree.list('/user/group').some((g) => g.props.name === props.group))
      throw TRAP.noMatch('group')
  }
  if (
    verb === 'add' &&
    UNIQUE_NAME_MENUS.has(path) &&
    path !== '/system/scheduler' &&
    props.name === undefined &&
    path.startsWith('/user')
  ) {
    throw TRAP.missing('name')
  }
  return props
}

function ipAddress(
  dev: SimRouter,
  verb: 'add' | 'set',
  props: Record<string, string>,
  id?: string,
): Record<string, string> {
  if (verb === 'add') {
    if (props.address === undefined) throw TRAP.missing('address')
    if (props.interface === undefined) throw TRAP.missing('interface')
  }
  if (props.address !== undefined) {
    const net = networkOf(props.address)
    if (!net) throw TRAP.invalidValue('address')
    if (!props.address.includes('/')) props.address += '/32'
    const dup = dev.tree
      .list('/ip/address')
      .some(
        (i) =>
          i.id !== id &&
          i.props.address === props.address &&
          i.props.interface === (props.interface ?? i.props.interface),
      )
    if (dup) throw TRAP.alreadyHaveAddress()
    props.network = net
  }
  return props
}

function scheduler(
  dev: SimRouter,
  verb: 'add' | 'set',
  props: Record<string, string>,
): Record<string, string> {
  if (props.interval !== undefined && parseDuration(props.interval) === undefined)
    throw TRAP.invalidValue('interval')
  if (verb === 'add') {
    if (props.name === undefined)
      props.name = `schedule${dev.tree.list('/system/scheduler').length + 1}`
    const now = dev.clock.now()
    props['start-date'] ??= formatDate(now, dev.version)
    props['start-time'] ??= formatTime(now)
    props.interval ??= '0s'
    props.policy ??= 'ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon'
    props.disabled ??= 'false'
  }
  return props
}
