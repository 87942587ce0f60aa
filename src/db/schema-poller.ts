// Table interfaces of migration 0003-poller (owned by POLLER). Merged into the Database interface
// by schema.ts, like schema-devices.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

export type DeviceEventKind =
  | 'came_online'
  | 'went_offline'
  | 'auth_failed'
  | 'rebooted'
  | 'version_changed'
  | 'identity_changed'
  | 'host_key_changed'
  | 'config_change_lost'

/** What happened to a device, newest first on the device page and the dashboard. */
export interface DeviceEventsTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  at: number
  kind: DeviceEventKind
  message: string
}

/** Snapshot kinds: the latest list a collector read, for the device page tabs. */
export type DeviceSnapshotKind =
  | 'interfaces'
  | 'wireless'
  | 'dhcp_leases'
  | 'neighbours'
  | 'addresses'
  | 'routes'
  | 'health'
  | 'package_update'
  | 'resource'
  | 'routerboard'

/** The latest reading of one collector for one device (JSON), rewritten only when it changes. */
export interface DeviceSnapshotsTable {
  tenant_id: TenantId
  device_id: DeviceId
  kind: DeviceSnapshotKind
  data_json: string
  updated_at: number
}

export interface PollerTables {
  device_events: DeviceEventsTable
  device_snapshots: DeviceSnapshotsTable
}

export const pollerTableNames = {
  device_events: true,
  device_snapshots: true,
} as const satisfies Record<keyof PollerTables, true>
