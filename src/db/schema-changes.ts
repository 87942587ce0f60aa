// Table interfaces of migration 0018-changes (owned by the changes domain). Merged into the
// Database interface by schema.ts, like schema-backups.ts.
import type { TenantId } from '../lib/ids.ts'
import type { DeviceId } from './schema-devices.ts'

/** One change set applied (or attempted) on a device. */
export interface DeviceChangesTable {
  id: string
  tenant_id: TenantId
  device_id: DeviceId
  created_at: number
  actor_kind: string
  actor_id: string | null
  actor_name: string
  source: string
  mode: 'standard' | 'safe'
  confirm: 'auto' | 'manual'
  window_s: number
  state: 'validating' | 'applying' | 'verifying' | 'kept' | 'reverted' | 'failed' | 'lost'
  awaiting_keep: 0 | 1
  deadline_at: number | null
  finished_at: number | null
  /** the operations with secrets masked */
  operations_json: string
  /** the rendered script with secrets masked */
  script: string
  results_json: string
  message: string | null
}

export interface ChangeSettingsTable {
  tenant_id: TenantId
  safe_window_s: number
}

export interface ChangeTables {
  device_changes: DeviceChangesTable
  change_settings: ChangeSettingsTable
}

export const changeTableNames = {
  device_changes: true,
  change_settings: true,
} as const satisfies Record<keyof ChangeTables, true>
