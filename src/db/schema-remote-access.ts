// Table interfaces of migration 0021-remote-access (owned by the remote-access domain). Merged
// into the Database interface by schema.ts, like schema-jobs.ts.
import type { TenantId } from '../lib/ids.ts'

export interface TerminalSessionsTable {
  id: string
  tenant_id: TenantId
  device_id: string
  device_name: string
  user_id: string | null
  user_name: string
  ip: string | null
  started_at: number
  ended_at: number | null
  /** typed by the user (browser → device) */
  bytes_in: number
  /** printed by the device (device → browser) */
  bytes_out: number
  end_reason: string | null
  /** sealed asciicast v2 (sealBytes with the tenant's data key); null when not recorded */
  recording: Uint8Array | null
  recording_bytes: number | null
}

export interface RemoteAccessTables {
  terminal_sessions: TerminalSessionsTable
}

export const remoteAccessTableNames = {
  terminal_sessions: true,
} as const satisfies Record<keyof RemoteAccessTables, true>
