// What views and other domains may see of devices. Credentials never appear here: a view model
// only says whether a TLS CA is set, never the sealed values.
import type {
  DeviceId,
  DeviceStatus,
  DeviceTlsMode,
  DeviceTransport,
} from '../db/schema-devices.ts'
import type { LabelKind, LabelRef } from '../labels/index.ts'
import type { Actor } from '../lib/actor.ts'
import type { DeviceListQuery } from './devices.schema.ts'

export type { DeviceId, DeviceStatus, DeviceTlsMode, DeviceTransport }
export type { DeviceListQuery }

export type { LabelKind, LabelRef }

/** One device as shown in the table and on its page (no secrets). */
export interface DeviceView {
  id: DeviceId
  name: string
  host: string
  host2: string | null
  apiPort: number
  transport: DeviceTransport
  tlsMode: DeviceTlsMode
  tlsFingerprint: string | null
  hasTlsCa: boolean
  sshPort: number
  sshHostKey: string | null
  /** the key the device offered instead of the pinned one (an admin may accept it) */
  sshHostKeyPending: string | null
  site: LabelRef | null
  tags: LabelRef[]
  groups: LabelRef[]
  notes: string
  latitude: number | null
  longitude: number | null
  isEnabled: boolean
  pollIntervalS: number
  identity: string | null
  board: string | null
  version: string | null
  serial: string | null
  status: DeviceStatus
  lastError: string | null
  lastSeenAt: number | null
  lastPolledAt: number | null
  /** the edge appliance that polls this device (issue 20), in the device list; null: polled here */
  viaEdge?: string | null
  /** that edge was revoked: it forwards nothing any more (device page only) */
  edgeRevoked?: boolean
  createdAt: number
  updatedAt: number
}

export interface DevicePage {
  rows: DeviceView[]
  total: number
  query: DeviceListQuery
  pageCount: number
}

/** Options for the table's filter dropdowns. */
export interface DeviceFilterOptions {
  sites: LabelRef[]
  tags: LabelRef[]
  groups: LabelRef[]
  versions: string[]
}

export type { DeviceCheckResult } from '../device-access/index.ts'

export interface CsvRowError {
  line: number
  field: string | null
  message: string
}

export type CsvImportResult =
  { ok: true; created: number; updated: number } | { ok: false; errors: CsvRowError[] }

export interface BulkResult {
  updated: number
}

/**
 * Who makes a device change.
 * @deprecated the one actor type is Actor (src/lib/actor.ts).
 * @public kept for code written before it (branches being merged)
 */
export type DeviceActor = Actor
