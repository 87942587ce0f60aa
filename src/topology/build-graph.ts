// The tenant's graph from the poller's neighbour tables (MNDP/CDP/LLDP as RouterOS reports them):
// a neighbour is matched to a managed device by MAC (its interfaces), then address (its IP
// addresses or management host), then a unique identity; anything else becomes an unmanaged
// node. Both ends usually report the same cable, so links are merged per pair of ends. Snapshots
// are stored JSON, read defensively: an unreadable list or an entry with nothing to identify it is
// left out and named in `problems`, never guessed.
import type { TopologyDeviceRow } from './topology.repo.ts'
import type { TopologyLink, TopologyNode } from './topology.types.ts'

export type GraphNode = Omit<TopologyNode, 'x' | 'y'>

export interface SnapshotRow {
  device_id: string
  kind: string
  data_json: string
}

interface NeighbourEntry {
  interfaces?: unknown
  address?: unknown
  macAddress?: unknown
  identity?: unknown
  platform?: unknown
  board?: unknown
  softwareId?: unknown
  remoteInterface?: unknown
  discoveredBy?: unknown
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : null
const mac = (v: unknown) => text(v)?.toUpperCase() ?? null
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : []

function parseList(json: string): Record<string, unknown>[] | undefined {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v)
      ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      : undefined
  } catch {
    return undefined
  }
}

/** Lookup of managed devices by MAC, IP and identity. */
function indexDevices(
  devices: readonly TopologyDeviceRow[],
  snaps: Map<string, Map<string, Record<string, unknown>[]>>,
) {
  const byMac = new Map<string, string>()
  const byIp = new Map<string, string>()
  const byName = new Map<string, string | null>()
  for (const d of devices) {
    byIp.set(d.host, d.id)
    for (const i of snaps.get(d.id)?.get('interfaces') ?? []) {
      const m = mac(i.macAddress)
      if (m !== null && m !== '00:00:00:00:00:00') byMac.set(m, d.id)
    }
    for (const a of snaps.get(d.id)?.get('addresses') ?? []) {
      const ip = text(a.ip)
      if (ip !== null) byIp.set(ip, d.id)
    }
    for (const n of new Set([d.identity, d.name].map((x) => x?.toLowerCase())))
      if (n) byName.set(n, byName.has(n) && byName.get(n) !== d.id ? null : d.id)
  }
  return (n: NeighbourEntry): string | undefined => {
    const m = mac(n.macAddress)
    const ip = text(n.address)
    const name = text(n.identity)?.toLowerCase()
    return (
      (m !== null ? byMac.get(m) : undefined) ??
      (ip !== null ? byIp.get(ip) : undefined) ??
      (name !== undefined ? (byName.get(name) ?? undefined) : undefined)
    )
  }
}

/** How an unmanaged neighbour is told apart: software id, else MAC, else address, else identity. */
function neighbourKey(n: NeighbourEntry): string | undefined {
  const sw = text(n.softwareId)
  const m = mac(n.macAddress)
  const ip = text(n.address)
  const name = text(n.identity)
  if (sw !== null) return `sw:${sw}`
  if (m !== null) return `mac:${m}`
  if (ip !== null) return `ip:${ip}`
  return name !== null ? `name:${name.toLowerCase()}` : undefined
}

class LinkSet {
  readonly #byPair = new Map<string, TopologyLink[]>()

  add(a: string, aIf: string | null, b: string, bIf: string | null, by: string[]): void {
    // one orientation per pair, so both ends' reports of one cable meet
    const [from, fromIf, to, toIf] = a < b ? [a, aIf, b, bIf] : [b, bIf, a, aIf]
    const pair = `${from}|${to}`
    const links = this.#byPair.get(pair) ?? []
    const fits = (x: string | null, y: string | null) => x === null || y === null || x === y
    const same = links.find((l) => fits(l.fromInterface, fromIf) && fits(l.toInterface, toIf))
    if (same) {
      same.fromInterface ??= fromIf
      same.toInterface ??= toIf
      same.discoveredBy = [...new Set([...same.discoveredBy, ...by])]
    } else {
      const id = `${pair}|${links.length}`
      links.push({ id, from, to, fromInterface: fromIf, toInterface: toIf, discoveredBy: by })
    }
    this.#byPair.set(pair, links)
  }

  all(): TopologyLink[] {
    return [...this.#byPair.values()].flat()
  }
}

export function buildGraph(
  devices: readonly TopologyDeviceRow[],
  siteNames: ReadonlyMap<string, string>,
  snapshots: readonly SnapshotRow[],
): { nodes: GraphNode[]; links: TopologyLink[]; problems: string[] } {
  const problems: string[] = []
  const names = new Map<string, string>(devices.map((d) => [d.id, d.name]))
  const snaps = new Map<string, Map<string, Record<string, unknown>[]>>()
  for (const s of snapshots) {
    if (!names.has(s.device_id)) continue
    const rows = parseList(s.data_json)
    if (rows === undefined) {
      problems.push(`The ${s.kind} list of ${names.get(s.device_id)} could not be read.`)
      continue
    }
    const m = snaps.get(s.device_id) ?? new Map<string, Record<string, unknown>[]>()
    m.set(s.kind, rows)
    snaps.set(s.device_id, m)
  }
  const nodes = new Map<string, GraphNode>()
  for (const d of devices)
    nodes.set(`d:${d.id}`, {
      id: `d:${d.id}`,
      kind: 'device',
      deviceId: d.id,
      label: d.name,
      status: d.last_status,
      siteId: d.site_id,
      siteName: d.site_id ? (siteNames.get(d.site_id) ?? null) : null,
      address: d.host,
      macAddress: null,
      platform: 'MikroTik',
      board: d.board,
    })
  const managedOf = indexDevices(devices, snaps)
  const links = new LinkSet()
  for (const d of devices) {
    let anonymous = 0
    for (const n of (snaps.get(d.id)?.get('neighbours') ?? []) as NeighbourEntry[]) {
      const local = list(n.interfaces)[0] ?? null
      const remote = text(n.remoteInterface)
      const by = list(n.discoveredBy)
      const managed = managedOf(n)
      if (managed === d.id) continue
      if (managed !== undefined) {
        links.add(`d:${d.id}`, local, `d:${managed}`, remote, by)
        continue
      }
      const key = neighbourKey(n)
      if (key === undefined) {
        anonymous++
        continue
      }
      const id = `n:${key}`
      if (!nodes.has(id))
        nodes.set(id, {
          id,
          kind: 'neighbour',
          deviceId: null,
          label: text(n.identity) ?? mac(n.macAddress) ?? text(n.address) ?? key,
          status: 'unmanaged',
          siteId: d.site_id,
          siteName: d.site_id ? (siteNames.get(d.site_id) ?? null) : null,
          address: text(n.address),
          macAddress: mac(n.macAddress),
          platform: text(n.platform),
          board: text(n.board),
        })
      links.add(`d:${d.id}`, local, id, remote, by)
    }
    if (anonymous > 0)
      problems.push(
        `${d.name}: ${anonymous} neighbour ${anonymous === 1 ? 'entry has' : 'entries have'} no MAC, address or identity and ${anonymous === 1 ? 'was' : 'were'} left out.`,
      )
  }
  return { nodes: [...nodes.values()], links: links.all(), problems }
}
