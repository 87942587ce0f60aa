// Queries of the tenant's discovery tables: scans (the jobs) and the adoption queue.
import type { Selectable } from 'kysely'
import type {
  CandidateSource,
  DiscoveryCandidatesTable,
  DiscoveryScansTable,
} from '../db/schema-discovery.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { newId } from '../lib/ids.ts'

export type ScanRow = Selectable<DiscoveryScansTable>
export type CandidateRow = Selectable<DiscoveryCandidatesTable>

export function insertScan(
  scope: TenantScope,
  row: Omit<ScanRow, 'tenant_id' | 'probed' | 'found'>,
): Promise<unknown> {
  return scope.insertInto('discovery_scans', row).execute()
}

export function findScan(scope: TenantScope, id: string): Promise<ScanRow | undefined> {
  return scope.selectFrom('discovery_scans').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listScans(scope: TenantScope, limit: number): Promise<ScanRow[]> {
  return scope
    .selectFrom('discovery_scans')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export function listRunningScans(scope: TenantScope): Promise<ScanRow[]> {
  return scope.selectFrom('discovery_scans').selectAll().where('state', '=', 'running').execute()
}

export function updateScan(
  scope: TenantScope,
  id: string,
  patch: Partial<Pick<ScanRow, 'state' | 'probed' | 'found' | 'note' | 'finished_at'>>,
): Promise<unknown> {
  return scope.updateTable('discovery_scans').set(patch).where('id', '=', id).execute()
}

export function listCandidates(scope: TenantScope, limit: number): Promise<CandidateRow[]> {
  return scope
    .selectFrom('discovery_candidates')
    .selectAll()
    .orderBy('last_seen_at', 'desc')
    .orderBy('key')
    .limit(limit)
    .execute()
}

export function findCandidate(scope: TenantScope, id: string): Promise<CandidateRow | undefined> {
  return scope
    .selectFrom('discovery_candidates')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
}

export function findCandidatesByKey(scope: TenantScope, keys: string[]): Promise<CandidateRow[]> {
  if (keys.length === 0) return Promise.resolve([])
  return scope.selectFrom('discovery_candidates').selectAll().where('key', 'in', keys).execute()
}

/** What one source learnt about one address (null fields: this source does not know). */
export type Finding = Partial<
  Pick<
    CandidateRow,
    | 'address'
    | 'mac'
    | 'identity'
    | 'version'
    | 'platform'
    | 'board'
    | 'interface_name'
    | 'ipv6'
    | 'uptime_s'
    | 'routeros'
    | 'reported_by'
  >
> & { key: string; openPorts?: number[]; source: CandidateSource; at: number }

const FIELDS = [
  'address',
  'mac',
  'identity',
  'version',
  'platform',
  'board',
  'interface_name',
  'ipv6',
  'uptime_s',
  'routeros',
  'reported_by',
] as const

/**
 * Inserts or merges a finding: known fields are kept unless this source knows better, sources
 * accumulate, and an ignored or adopted entry keeps its state (a new sighting does not re-queue it).
 */
export async function upsertFinding(scope: TenantScope, f: Finding, old?: CandidateRow) {
  const prev = old ?? (await findCandidatesByKey(scope, [f.key]))[0]
  const merged: Record<string, unknown> = {}
  for (const k of FIELDS) merged[k] = f[k] ?? prev?.[k] ?? null
  const sources = new Set<CandidateSource>(
    prev ? (JSON.parse(prev.sources_json) as CandidateSource[]) : [],
  )
  sources.add(f.source)
  const ports = f.openPorts ?? (prev ? (JSON.parse(prev.open_ports_json) as number[]) : [])
  const values = {
    ...(merged as Pick<CandidateRow, (typeof FIELDS)[number]>),
    open_ports_json: JSON.stringify(ports),
    sources_json: JSON.stringify([...sources].sort()),
    last_seen_at: Math.max(f.at, prev?.last_seen_at ?? 0),
  }
  if (prev) {
    await scope.updateTable('discovery_candidates').set(values).where('id', '=', prev.id).execute()
    return
  }
  const row = { id: newId(f.at), key: f.key, ...values, first_seen_at: f.at }
  await scope.insertInto('discovery_candidates', row).execute()
}

export function setCandidateState(
  scope: TenantScope,
  id: string,
  state: CandidateRow['state'],
  deviceId: string | null,
): Promise<unknown> {
  return scope
    .updateTable('discovery_candidates')
    .set({ state, device_id: deviceId })
    .where('id', '=', id)
    .execute()
}

export function deleteCandidate(scope: TenantScope, id: string): Promise<unknown> {
  return scope.deleteFrom('discovery_candidates').where('id', '=', id).execute()
}
