// Table interfaces of migration 0020-overlay (owned by the overlay domain). Merged into the
// Database interface by schema.ts, like schema-jobs.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export interface OverlayBlocksTable {
  id: string
  tenant_id: TenantId
  /** index of the tenant's block inside the configured range (0 is the appliance's own) */
  block: number
  created_at: number
}

export interface OverlayPeersTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  /** the device's overlay address (dotted quad, no prefix) */
  address: string
  /** the router's WireGuard public key (base64), null until its enrollment URL was called */
  public_key: string | null
  /** the management address before enrollment switched it to `address` */
  previous_host: string | null
  enrolled_at: number | null
  created_at: number
}

export interface OverlayEnrollmentsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  /** sha256 hex of the token in the URL; the token itself is never stored */
  token_hash: string
  expires_at: number
  used_at: number | null
  created_by: string
  created_at: number
}

export interface OverlayTables {
  overlay_blocks: OverlayBlocksTable
  overlay_peers: OverlayPeersTable
  overlay_enrollments: OverlayEnrollmentsTable
}

/** Used by schema.ts so forgetting one of these tables is a compile error. */
export const overlayTableNames = {
  overlay_blocks: true,
  overlay_peers: true,
  overlay_enrollments: true,
} as const satisfies Record<keyof OverlayTables, true>
