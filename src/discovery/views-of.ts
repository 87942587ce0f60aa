// Rows → view models (no secrets are stored in these tables; nothing to strip).
import type { CandidateSource } from '../db/schema-discovery.ts'
import type { CandidateView, RangeView, ScanView } from './discovery.types.ts'
import type { CandidateRow, ScanRow } from './discovery.repo.ts'
import type { ManagedDevice } from './queue-sources.repo.ts'
import type { RangeRow } from './ranges.repo.ts'

export function scanView(r: ScanRow): ScanView {
  return {
    id: r.id,
    cidr: r.cidr,
    ports: JSON.parse(r.ports_json) as number[],
    state: r.state,
    total: r.total,
    probed: r.probed,
    found: r.found,
    note: r.note,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }
}

export function rangeView(r: RangeRow): RangeView {
  return { id: r.id, cidr: r.cidr, createdAt: r.created_at }
}

function managedOf(r: CandidateRow, devices: readonly ManagedDevice[]) {
  const d =
    devices.find((x) => r.device_id !== null && x.id === r.device_id) ??
    (r.address === null
      ? undefined
      : devices.find((x) => x.host === r.address || x.host2 === r.address))
  return d ? { id: d.id, name: d.name } : null
}

export function candidateView(r: CandidateRow, devices: readonly ManagedDevice[]): CandidateView {
  return {
    id: r.id,
    address: r.address,
    mac: r.mac,
    identity: r.identity,
    version: r.version,
    platform: r.platform,
    board: r.board,
    interfaceName: r.interface_name,
    ipv6: r.ipv6,
    uptimeS: r.uptime_s,
    openPorts: JSON.parse(r.open_ports_json) as number[],
    routeros: r.routeros,
    sources: JSON.parse(r.sources_json) as CandidateSource[],
    reportedBy: r.reported_by,
    state: r.state,
    managed: managedOf(r, devices),
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  }
}
