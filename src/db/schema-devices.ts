// Table interfaces of migration 0002-devices (owned by DEVICES; the poller writes the
// identity/status columns of `devices`). Merged into the Database interface by schema.ts.
import type { Generated } from 'kysely'
import type { Brand, TenantId } from '../lib/ids.ts'

export type DeviceId = Brand<string, 'DeviceId'>
export type SiteId = Brand<string, 'SiteId'>
export type TagId = Brand<string, 'TagId'>
export type DeviceGroupId = Brand<string, 'DeviceGroupId'>

export type DeviceTransport = 'api' | 'api-ssl'
export type DeviceTlsMode = 'verify' | 'pin' | 'insecure' | 'certless'
export type DeviceStatus = 'unknown' | 'online' | 'degraded' | 'offline' | 'auth_failed'

export interface TenantKeysTable {
  id: string
  tenant_id: TenantId
  /** the tenant's data key, sealed under the appliance master key (src/lib/tenant-keys.ts) */
  wrapped_key: string
  created_at: number
}

/** sites, tags and device_groups share this shape. */
export interface LabelTable<Id extends string> {
  id: Id
  tenant_id: TenantId
  name: string
  description: Generated<string>
  created_at: number
}

export interface DevicesTable {
  id: DeviceId
  tenant_id: TenantId
  name: string
  host: string
  /** second management address, tried when `host` fails */
  host2: string | null
  api_port: Generated<number>
  transport: Generated<DeviceTransport>
  tls_mode: Generated<DeviceTlsMode>
  tls_fingerprint: string | null
  tls_ca_pem: string | null
  ssh_port: Generated<number>
  /** pinned SSH host key fingerprint (`SHA256:…`) */
  ssh_host_key: string | null
  /** the key a device offered instead of the pinned one, until an admin accepts it (0004) */
  ssh_host_key_pending: Generated<string | null>
  /** sealed with the tenant data key (src/lib/secretbox.ts); never plaintext */
  username_enc: string
  password_enc: string
  /** endpoint digest of credentials sealed before endpoint binding; null once re-sealed (0004) */
  credentials_legacy_digest: Generated<string | null>
  site_id: SiteId | null
  notes: Generated<string>
  latitude: number | null
  longitude: number | null
  is_enabled: Generated<0 | 1>
  poll_interval_s: Generated<number>
  identity: string | null
  board: string | null
  version: string | null
  serial: string | null
  last_status: Generated<DeviceStatus>
  last_error: string | null
  /** last successful poll */
  last_seen_at: number | null
  last_polled_at: number | null
  created_at: number
  /** bumped on every settings or credential change, so the poller notices edits */
  updated_at: number
  /** the edge appliance this device is polled by (issue 20, 0032); null: polled here */
  edge_id: Generated<string | null>
}

export interface DeviceTagsTable {
  tenant_id: TenantId
  device_id: DeviceId
  tag_id: TagId
}

export interface DeviceGroupMembersTable {
  tenant_id: TenantId
  device_id: DeviceId
  group_id: DeviceGroupId
}

export interface DeviceTables {
  tenant_keys: TenantKeysTable
  sites: LabelTable<SiteId>
  tags: LabelTable<TagId>
  device_groups: LabelTable<DeviceGroupId>
  devices: DevicesTable
  device_tags: DeviceTagsTable
  device_group_members: DeviceGroupMembersTable
}

/** Used by schema.ts so forgetting one of these tables is a compile error. */
export const deviceTableNames = {
  tenant_keys: true,
  sites: true,
  tags: true,
  device_groups: true,
  devices: true,
  device_tags: true,
  device_group_members: true,
} as const satisfies Record<keyof DeviceTables, true>
