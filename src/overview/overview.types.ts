// Row and view-model types of the cross-customer view (what views/overview may import).
import type { TenantRole } from '../auth/index.ts'
import type { DeviceStatus } from '../db/schema-devices.ts'
import type { DeviceEventKind } from '../db/schema-poller.ts'
import type { OverviewDeviceQuery, OverviewEventQuery } from './overview.schema.ts'

export type { OverviewDeviceQuery, OverviewEventQuery } from './overview.schema.ts'
export type { DeviceStatus, DeviceEventKind, TenantRole }

/** A tenant the user may see, with their role there (a super admin is admin everywhere). */
export interface TenantRef {
  tenantId: string
  tenantName: string
  role: TenantRole
}

/** Devices of one tenant by status; disabled devices count apart from their last status. */
export interface StatusCounts {
  total: number
  online: number
  degraded: number
  offline: number
  auth_failed: number
  unknown: number
  disabled: number
}

export interface OverviewDevice {
  id: string
  name: string
  host: string
  apiPort: number
  status: DeviceStatus
  isEnabled: boolean
  lastSeenAt: number | null
  lastError: string | null
}

export type TenantDevice = OverviewDevice & { tenant: TenantRef }

export interface OverviewEvent {
  id: string
  deviceId: string
  deviceName: string
  at: number
  kind: DeviceEventKind
  message: string
}

export type TenantEvent = OverviewEvent & { tenant: TenantRef }

export interface FleetOverview {
  tenants: (TenantRef & { counts: StatusCounts })[]
  totals: StatusCounts
  /** enabled devices that are offline, failing sign-in or degraded, worst first, all tenants */
  attention: TenantDevice[]
  /** how many such devices there are in all (attention shows the first few) */
  attentionTotal: number
}

export interface DeviceSearchPage {
  query: OverviewDeviceQuery
  rows: TenantDevice[]
  total: number
  pageCount: number
}

export interface EventPage {
  query: OverviewEventQuery
  rows: TenantEvent[]
  /** cursor of the next (older) page, when there is one */
  older: string | undefined
}

/** Where a device of another of the user's tenants lives (the explicit-switch page). */
export interface DeviceLocation {
  tenant: TenantRef
  deviceId: string
  deviceName: string
  isActiveTenant: boolean
}
