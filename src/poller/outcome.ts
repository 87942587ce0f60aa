// How one poll ended. Errors are classified by device access's one failure table.
import type { FailureCode } from '../device-access/index.ts'
import type { DeviceStatus } from './device-status.ts'

export { classifyError, errorCode, type Classification } from '../device-access/index.ts'

export type { DeviceStatus }

/** How one poll ended, as ARCHITECTURE.md defines it. */
export type PollStatus = 'ok' | 'unreachable' | 'auth_failed' | 'command_failed' | 'internal_error'

export interface CollectorFailure {
  kind: string
  reason: string
}

export type PollOutcome<D = unknown> =
  | { status: 'ok'; at: number; durationMs: number; data: D; failures: CollectorFailure[] }
  | {
      status: Exclude<PollStatus, 'ok'>
      at: number
      durationMs: number
      reason: string
      code: FailureCode | 'internal'
    }

/** The device status a poll outcome leads to: degraded when some collectors failed. */
export function deriveStatus(outcome: PollOutcome): Exclude<DeviceStatus, 'unknown'> {
  if (outcome.status === 'ok') return outcome.failures.length > 0 ? 'degraded' : 'online'
  if (outcome.status === 'auth_failed') return 'auth_failed'
  return 'offline'
}
