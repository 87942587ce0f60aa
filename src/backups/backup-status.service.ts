// The last backup attempt of a device and the fleet's backup state, for the pages and the API
// (routes read through here, never the repo).
import type { DeviceId } from '../db/schema-devices.ts'
import type { TenantScope } from '../db/tenant-scope.ts'
import { findBackupStatus, listFleetBackupState } from './backup-status.repo.ts'

export interface LastAttemptView {
  at: number
  succeededAt: number | null
  /** plain words; null when the attempt succeeded */
  error: string | null
}

export async function lastAttempt(
  scope: TenantScope,
  deviceId: DeviceId,
): Promise<LastAttemptView | null> {
  const s = await findBackupStatus(scope, deviceId)
  return s ? { at: s.last_attempt_at, succeededAt: s.last_success_at, error: s.last_error } : null
}

export function fleetBackupState(scope: TenantScope): ReturnType<typeof listFleetBackupState> {
  return listFleetBackupState(scope)
}
