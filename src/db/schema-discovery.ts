// Table interfaces of migration 0025-discovery (owned by DISCOVERY). Merged into the Database
// interface by schema.ts, like schema-jobs.ts.
import type { Generated } from 'kysely'
import type { TenantId } from '../lib/ids.ts'

export type DiscoveryScanState = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted'
export type CandidateState = 'new' | 'ignored' | 'adopted'
export type CandidateSource = 'scan' | 'mndp' | 'neighbour'

/** A range a tenant scanned: its own from then on (global: the overlap check sees all). */
export interface DiscoveryRangesTable {
  id: string
  owner_tenant_id: TenantId
  cidr: string
  first_ip: number
  last_ip: number
  created_at: number
}

/** An MNDP announcement the appliance heard (latest per MAC and sender address). */
export interface DiscoverySightingsTable {
  id: string
  mac: string
  address: string
  address_int: number
  identity: string | null
  version: string | null
  platform: string | null
  board: string | null
  software_id: string | null
  interface_name: string | null
  /** the IPv4 field of the announcement (the sender address is what counts) */
  announced_ipv4: string | null
  ipv6: string | null
  uptime_s: number | null
  first_seen_at: number
  last_seen_at: number
}

export interface DiscoveryScansTable {
  id: string
  tenant_id: TenantId
  cidr: string
  first_ip: number
  last_ip: number
  ports_json: string
  state: DiscoveryScanState
  /** addresses to probe */
  total: number
  probed: Generated<number>
  found: Generated<number>
  note: string | null
  created_by_name: string
  created_at: number
  finished_at: number | null
}

export interface DiscoveryCandidatesTable {
  id: string
  tenant_id: TenantId
  /** the address, or `mac:<MAC>` for a neighbour reported without one */
  key: string
  address: string | null
  mac: string | null
  identity: string | null
  version: string | null
  platform: string | null
  board: string | null
  interface_name: string | null
  ipv6: string | null
  uptime_s: number | null
  open_ports_json: Generated<string>
  /** how RouterOS was recognised (e.g. "API answered"), null when it was not */
  routeros: string | null
  sources_json: Generated<string>
  /** the managed device whose neighbour table listed it */
  reported_by: string | null
  state: Generated<CandidateState>
  device_id: string | null
  first_seen_at: number
  last_seen_at: number
}

export interface DiscoveryTenantTables {
  discovery_scans: DiscoveryScansTable
  discovery_candidates: DiscoveryCandidatesTable
}

export interface DiscoveryGlobalTables {
  discovery_ranges: DiscoveryRangesTable
  discovery_sightings: DiscoverySightingsTable
}

export const discoveryTenantTableNames = {
  discovery_scans: true,
  discovery_candidates: true,
} as const satisfies Record<keyof DiscoveryTenantTables, true>

export const discoveryGlobalTableNames = {
  discovery_ranges: true,
  discovery_sightings: true,
} as const satisfies Record<keyof DiscoveryGlobalTables, true>
