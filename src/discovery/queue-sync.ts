// Brings what others found into the tenant's adoption queue before it is shown: MNDP sightings
// from the tenant's own ranges, and neighbours its managed routers report. A neighbour table is
// the router's word, not ours: an entry without a usable address or MAC, or with text that is not
// clean, is left out rather than stored.
import type { TenantScope } from '../db/tenant-scope.ts'
import type { GlobalDb } from '../db/global-db.ts'
import { textProblem } from '../lib/input-rules.ts'
import { ipv4ToInt } from './cidr.ts'
import {
  findCandidatesByKey,
  upsertFinding,
  type CandidateRow,
  type Finding,
} from './discovery.repo.ts'
import { listNeighbourSnapshots, type ManagedDevice } from './queue-sources.repo.ts'
import { listSightingsInRanges } from './ranges.repo.ts'

const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/

function clean(v: unknown): string | null {
  if (typeof v !== 'string' || v === '' || v.length > 255) return null
  return textProblem(v, 'line') === undefined ? v : null
}

function macOf(v: unknown): string | null {
  const s = typeof v === 'string' ? v.toUpperCase() : ''
  return MAC.test(s) ? s : null
}

/** The neighbour entry as a finding, or undefined when it names nothing we could reach or tell apart. */
function neighbourFinding(n: Record<string, unknown>, reporter: string, at: number) {
  const address =
    typeof n.address === 'string' && ipv4ToInt(n.address) !== undefined ? n.address : null
  const mac = macOf(n.macAddress)
  if (address === null && mac === null) return undefined
  const uptime =
    typeof n.uptimeSeconds === 'number' && n.uptimeSeconds >= 0 ? n.uptimeSeconds : null
  const f: Finding = {
    key: address ?? `mac:${mac}`,
    address,
    mac,
    identity: clean(n.identity),
    version: clean(n.version),
    platform: clean(n.platform),
    board: clean(n.board),
    ipv6: clean(n.address6),
    uptime_s: uptime === null ? null : Math.floor(uptime),
    reported_by: reporter,
    source: 'neighbour',
    at,
  }
  return f
}

function isManaged(address: string | null, devices: readonly ManagedDevice[]): boolean {
  return address !== null && devices.some((d) => d.host === address || d.host2 === address)
}

/** Only a change worth a write: a new entry, or something newer than what the queue holds. */
function stale(f: Finding, prev: CandidateRow | undefined): boolean {
  if (!prev) return true
  return f.at > prev.last_seen_at || !prev.sources_json.includes(f.source)
}

async function apply(scope: TenantScope, findings: Finding[]): Promise<void> {
  const byKey = new Map<string, Finding>()
  for (const f of findings) if (!byKey.has(f.key)) byKey.set(f.key, f)
  const keys = [...byKey.keys()]
  for (let i = 0; i < keys.length; i += 500) {
    const old = new Map(
      (await findCandidatesByKey(scope, keys.slice(i, i + 500))).map((r) => [r.key, r]),
    )
    for (const k of keys.slice(i, i + 500)) {
      const f = byKey.get(k) as Finding
      if (stale(f, old.get(k))) await upsertFinding(scope, f, old.get(k))
    }
  }
}

export async function syncQueue(
  scope: TenantScope,
  db: GlobalDb,
  devices: readonly ManagedDevice[],
): Promise<void> {
  const findings: Finding[] = []
  for (const s of await listSightingsInRanges(db, scope.tenantId)) {
    findings.push({
      key: s.address,
      address: s.address,
      mac: s.mac,
      identity: s.identity,
      version: s.version,
      platform: s.platform,
      board: s.board,
      interface_name: s.interface_name,
      ipv6: s.ipv6,
      uptime_s: s.uptime_s,
      source: 'mndp',
      at: s.last_seen_at,
    })
  }
  for (const snap of await listNeighbourSnapshots(scope, devices)) {
    let list: unknown
    try {
      list = JSON.parse(snap.dataJson)
    } catch {
      continue // a snapshot is written by the poller; a broken one is its problem, not the queue's
    }
    if (!Array.isArray(list)) continue
    for (const n of list.slice(0, 1000)) {
      if (n === null || typeof n !== 'object') continue
      const f = neighbourFinding(n as Record<string, unknown>, snap.deviceName, snap.updatedAt)
      if (f && !isManaged(f.address ?? null, devices)) findings.push(f)
    }
  }
  await apply(scope, findings)
}

export { isManaged }
