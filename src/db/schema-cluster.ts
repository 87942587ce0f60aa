// Table interfaces of migration 0031-cluster (several pollers, issue 20; owned by src/cluster).
// Global tables: the cluster works across tenants. Times are the database server's epoch ms.
import type { TenantId } from '../lib/ids.ts'

/** One Outpost process sharing the database; dead when its heartbeat is older than the timeout. */
export interface ClusterNodesTable {
  id: string
  host: string
  pid: number
  version: string
  started_at: number
  heartbeat_at: number
  /** the process clock minus the database clock at the last heartbeat (shown, never trusted) */
  clock_offset_ms: number
  /** set when the process left cleanly (its leases were released) */
  stopped_at: number | null
}

/** Which process polls a device, until when; epoch grows on every change of holder (fencing). */
export interface DeviceLeasesTable {
  device_id: string
  tenant_id: TenantId
  node_id: string | null
  lease_until: number
  epoch: number
  acquired_at: number | null
}

/** Work that must run once across processes (a job target, an alert transition, a delivery). */
export interface WorkClaimsTable {
  kind: string
  key: string
  node_id: string
  claimed_at: number
  claimed_until: number
  attempts: number
  done_at: number | null
}

export interface ClusterTables {
  cluster_nodes: ClusterNodesTable
  device_leases: DeviceLeasesTable
  work_claims: WorkClaimsTable
}

export const clusterTableNames = {
  cluster_nodes: true,
  device_leases: true,
  work_claims: true,
} as const satisfies Record<keyof ClusterTables, true>
