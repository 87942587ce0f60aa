import { RouterOsError, type RouterOsErrorCode } from '../routeros/errors.ts'

import type { DeviceStatus } from './device-status.ts'

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
      code: RouterOsErrorCode | 'internal'
    }

export interface Classification {
  /** The poll's status if this error ends it. */
  status: Exclude<PollStatus, 'ok'>
  /** Expected network trouble logs at warn with no stack; the unknown at error with the stack. */
  level: 'warn' | 'error'
  /** True when the connection can't be used again and must be closed and reopened. */
  dropsConnection: boolean
  /** The last error in plain words for the device page. */
  reason: string
}

type Rule = Omit<Classification, 'reason'> & { words: (e: RouterOsError) => string }

const conn = (words: Rule['words']): Rule => ({
  status: 'unreachable',
  level: 'warn',
  dropsConnection: true,
  words,
})
const cmd = (words: Rule['words']): Rule => ({
  status: 'command_failed',
  level: 'warn',
  dropsConnection: false,
  words,
})

/**
 * One table from the client's error codes to what the poller does (Oxidized's RESCUE_FAIL):
 * a compile error appears here when the client grows a new error code.
 */
const RULES = {
  unreachable: conn(() => 'Device unreachable: no route to the management address'),
  refused: conn(() => 'Connection refused: the API service is disabled or blocked on this port'),
  connect_timeout: conn(() => 'No answer from the device (connection timed out)'),
  tls: conn((e) => `TLS failure: ${e.message}`),
  fatal: conn((e) => `The device closed the API session: ${e.message}`),
  closed: conn(() => 'The connection was closed by the device or the network'),
  protocol: { ...conn(() => 'The device sent data that is not the RouterOS API'), status: 'command_failed' },
  bad_credentials: { ...conn(() => 'Wrong user name or password'), status: 'auth_failed' },
  api_permission: {
    ...conn(() => 'The user account lacks the api policy'),
    status: 'auth_failed',
  },
  command_timeout: cmd((e) => `A command took too long: ${e.message}`),
  trap: cmd((e) => `The device refused a command: ${e.message}`),
  unexpected_reply: cmd((e) => `Unexpected reply from the device: ${e.message}`),
  ssh: conn((e) => `SSH failure: ${e.message}`),
  host_key_mismatch: conn((e) => e.message),
  too_many_rows: { ...conn((e) => `The device sent too many rows: ${e.message}`), status: 'command_failed' },
  sentence_too_large: { ...conn((e) => `The device sent an oversized reply: ${e.message}`), status: 'command_failed' },
  reply_too_large: { ...conn((e) => `The device sent too much data: ${e.message}`), status: 'command_failed' },
} satisfies Record<RouterOsErrorCode, Rule>

/** Maps any thrown value to what the poller should do with it. */
export function classifyError(err: unknown): Classification {
  if (err instanceof RouterOsError) {
    const { words, ...rule } = RULES[err.code]
    return { ...rule, reason: words(err) }
  }
  return {
    status: 'internal_error',
    level: 'error',
    dropsConnection: true,
    reason: 'Internal error while polling (see the appliance log)',
  }
}

/** The error code stored with a failed outcome. */
export function errorCode(err: unknown): RouterOsErrorCode | 'internal' {
  return err instanceof RouterOsError ? err.code : 'internal'
}

/** The device status a poll outcome leads to: degraded when some collectors failed. */
export function deriveStatus(outcome: PollOutcome): Exclude<DeviceStatus, 'unknown'> {
  if (outcome.status === 'ok') return outcome.failures.length > 0 ? 'degraded' : 'online'
  if (outcome.status === 'auth_failed') return 'auth_failed'
  return 'offline'
}
