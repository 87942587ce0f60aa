/**
 * Whether a connection from the appliance may reach a service of the device, from its own
 * config: the service in `/ip/service` (disabled, or an `address` list that leaves the client
 * out), the input chain of `/ip/firewall/filter` in order (src-address, src-address-list,
 * protocol, dst-port, connection-state; rules with other conditions are not ours to guess and do
 * not match), and the management address: once the device has an `/ip/address` on the address
 * the client connects to, removing or changing it, disabling it or disabling its interface cuts
 * the path. This is what makes safe-apply lockouts real in tests (issue 11).
 */
import type { SimRouter } from './device.ts'
import { resolveInterface } from './interfaces.ts'

export type Service = 'api' | 'api-ssl' | 'ssh'
export type Verdict = 'ok' | 'refused' | 'dropped'

export interface Conn {
  /** the client's address */
  address: string
  /** the device address it connected to */
  local: string
  service: Service
  state: 'new' | 'established'
}

const v4 = (ip: string): number | undefined => {
  const m = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip.trim())
  if (!m) return undefined
  return m.slice(1).reduce((a, o) => a * 256 + Number(o), 0)
}

/** `10.0.0.0/8`, `10.0.0.1`, `10.0.0.1-10.0.0.9`, each optionally negated with `!`. */
export function inAddressSpec(ip: string, spec: string): boolean {
  const neg = spec.startsWith('!')
  const s = neg ? spec.slice(1) : spec
  const x = v4(ip)
  let hit = false
  if (x !== undefined) {
    if (s.includes('-')) {
      const [a, b] = s.split('-').map((p) => v4(p))
      hit = a !== undefined && b !== undefined && x >= a && x <= b
    } else {
      const [base = '', bits = '32'] = s.split('/')
      const n = v4(base)
      const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0
      hit = n !== undefined && (x & mask) >>> 0 === (n & mask) >>> 0
    }
  }
  return neg ? !hit : hit
}

const seen = new WeakMap<SimRouter, Set<string>>()
const IP_OF = (cidr: string | undefined) => (cidr ?? '').split('/')[0] ?? ''

function managementPathCut(dev: SimRouter, local: string): boolean {
  const entries = dev.tree
    .list('/ip/address')
    .filter((e) => v4(IP_OF(e.props.address)) === v4(local))
  const memo = seen.get(dev) ?? new Set<string>()
  seen.set(dev, memo)
  if (entries.length === 0) return memo.has(local)
  memo.add(local)
  return !entries.some((e) => {
    if (e.props.disabled === 'true') return false
    const ref = resolveInterface(dev, e.props.interface ?? '')
    return !ref || dev.tree.get(ref.menu, ref.id)?.props.disabled !== 'true'
  })
}

function ruleMatches(
  dev: SimRouter,
  p: Readonly<Record<string, string>>,
  c: Conn,
  port: string,
): boolean {
  const handled = new Set([
    'chain',
    'action',
    'src-address',
    'src-address-list',
    'protocol',
    'dst-port',
    'connection-state',
    'comment',
    'disabled',
    'log',
    'log-prefix',
  ])
  if (Object.entries(p).some(([k, v]) => v !== '' && !handled.has(k))) return false
  if (p['src-address'] && !inAddressSpec(c.address, p['src-address'])) return false
  if (p['src-address-list']) {
    const neg = p['src-address-list'].startsWith('!')
    const list = p['src-address-list'].replace(/^!/, '')
    const member = dev.tree
      .list('/ip/firewall/address-list')
      .some(
        (e) =>
          e.props.list === list &&
          e.props.disabled !== 'true' &&
          inAddressSpec(c.address, e.props.address ?? ''),
      )
    if (member === neg) return false
  }
  if (p.protocol && p.protocol !== 'tcp' && p.protocol !== '6') return false
  if (
    p['dst-port'] &&
    !p['dst-port'].split(',').some((r) => {
      const [a = '', b = a] = r.split('-')
      return Number(port) >= Number(a) && Number(port) <= Number(b)
    })
  )
    return false
  if (p['connection-state'] && !p['connection-state'].split(',').includes(c.state)) return false
  return true
}

/** The verdict for a connection now (new ones when they arrive, established ones after a change). */
export function admission(dev: SimRouter, c: Conn): Verdict {
  const svc = dev.tree.list('/ip/service').find((e) => e.props.name === c.service)
  if (svc?.props.disabled === 'true') return 'refused'
  if (!(dev.opts.enforceFirewall ?? dev.opts.seedExport === undefined))
    return managementPathCut(dev, c.local) ? 'dropped' : 'ok'
  const allowed = (svc?.props.address ?? '').split(',').filter((a) => a !== '')
  if (allowed.length > 0 && !allowed.some((a) => inAddressSpec(c.address, a))) return 'refused'
  if (managementPathCut(dev, c.local)) return 'dropped'
  const port = svc?.props.port ?? ''
  for (const rule of dev.tree.list('/ip/firewall/filter')) {
    const p = rule.props
    if (p.disabled === 'true' || p.chain !== 'input' || !ruleMatches(dev, p, c, port)) continue
    if (p.action === 'accept') return 'ok'
    if (p.action === 'drop' || p.action === 'tarpit') return 'dropped'
    if (p.action === 'reject') return 'refused'
  }
  return 'ok'
}
