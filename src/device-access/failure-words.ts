// The one table that turns RouterOS and network errors into plain words and a reaction
// (Oxidized's RESCUE_FAIL). The poller, the add/edit check and every later session share it: a
// compile error appears here when the client grows a new error code.
import { RouterOsError, type RouterOsErrorCode } from '../routeros/errors.ts'
import { DeviceAccessError, type DeviceAccessErrorCode } from './access-errors.ts'

/** How a poll or session ended when it failed. */
export type FailureStatus = 'unreachable' | 'auth_failed' | 'command_failed' | 'internal_error'

/** The codes the add/edit check reports to the form. */
export type CheckFailureCode =
  | 'unreachable'
  | 'refused'
  | 'timeout'
  | 'tls'
  | 'bad_credentials'
  | 'api_permission'
  | 'credentials_unbound'
  | 'error'

export type FailureCode = RouterOsErrorCode | DeviceAccessErrorCode

export interface Classification {
  /** The poll's status if this error ends it. */
  status: FailureStatus
  /** Expected network trouble logs at warn with no stack; the unknown at error with the stack. */
  level: 'warn' | 'error'
  /** True when the connection can't be used again and must be closed and reopened. */
  dropsConnection: boolean
  /** The code the add/edit check shows. */
  check: CheckFailureCode
  /** The error in plain words for the device page and the form. */
  reason: string
}

/** `target` is `host:port` when known, else "the device"; `detail` is the client's own message. */
type Words = (target: string, detail: string) => string
type Rule = Omit<Classification, 'reason'> & { words: Words }

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const conn = (check: CheckFailureCode, words: Words): Rule => ({
  status: 'unreachable',
  level: 'warn',
  dropsConnection: true,
  check,
  words,
})
const cmd = (check: CheckFailureCode, words: Words): Rule => ({
  status: 'command_failed',
  level: 'warn',
  dropsConnection: false,
  check,
  words,
})
const auth = (check: CheckFailureCode, words: Words): Rule => ({
  ...conn(check, words),
  status: 'auth_failed',
})

const RULES = {
  unreachable: conn(
    'unreachable',
    (t, d) =>
      `${cap(t)} is unreachable: the name does not resolve or there is no route to it (${d}).`,
  ),
  refused: conn(
    'refused',
    (t) =>
      `${cap(t)} refused the connection: the API service is disabled, on another port or blocked (check /ip service).`,
  ),
  connect_timeout: conn(
    'timeout',
    (t, d) =>
      `${cap(t)} did not answer in time: the host is down or a firewall drops the packets (${d}).`,
  ),
  tls: conn('tls', (t, d) => `TLS with ${t} failed: ${d}`),
  fatal: conn('error', (t, d) => `${cap(t)} closed the API session: ${d}`),
  closed: conn('error', (t) => `The connection to ${t} was closed by the device or the network.`),
  protocol: {
    ...conn(
      'error',
      (t) => `${cap(t)} sent data that is not the RouterOS API (is this the API port?).`,
    ),
    status: 'command_failed',
  },
  bad_credentials: auth('bad_credentials', () => 'The router rejected the user name or password.'),
  api_permission: auth(
    'api_permission',
    () =>
      'The router accepted the login but the user\'s group lacks the "api" policy (add it under /user group).',
  ),
  // the client closes the session after a timeout (a late reply must not pile up), so reconnect
  command_timeout: {
    ...cmd('timeout', (_t, d) => `A command took too long: ${d}`),
    dropsConnection: true,
  },
  trap: cmd('error', (_t, d) => `The router refused a command: ${d}`),
  unexpected_reply: cmd('error', (_t, d) => `Unexpected reply from the router: ${d}`),
  ssh: conn('error', (t, d) => `SSH to ${t} failed: ${d}`),
  host_key_mismatch: auth(
    'error',
    (_t, d) =>
      `${d}. The router may have been replaced or reinstalled, or someone is impersonating it: an admin can accept the new key on the device page.`,
  ),
  credentials_unbound: auth(
    'credentials_unbound',
    () =>
      'The address or security settings changed since the credentials were entered: enter the user name and password again.',
  ),
  // caps of the client against devices that stream without end: the session is already closed
  too_many_rows: {
    ...conn('error', (t, d) => `${cap(t)} sent too many rows: ${d}`),
    status: 'command_failed',
  },
  sentence_too_large: {
    ...conn('error', (t, d) => `${cap(t)} sent an oversized reply: ${d}`),
    status: 'command_failed',
  },
  reply_too_large: {
    ...conn('error', (t, d) => `${cap(t)} sent too much data: ${d}`),
    status: 'command_failed',
  },
  session_limit: {
    ...cmd('error', (_t, d) => `Too many sessions to the device: ${d}`),
    dropsConnection: false,
  },
} satisfies Record<FailureCode, Rule>

const INTERNAL: Omit<Rule, 'words'> = {
  status: 'internal_error',
  level: 'error',
  dropsConnection: true,
  check: 'error',
}

function targetOf(where?: { host: string; port: number }): string {
  if (!where) return 'the device'
  return where.host.includes(':') ? `[${where.host}]:${where.port}` : `${where.host}:${where.port}`
}

/**
 * Maps any thrown value to what to do with it and how to say it; `where` names the address.
 * @example classifyError(new RefusedError('…'), { host: '10.0.0.1', port: 8728 }).reason
 */
export function classifyError(
  err: unknown,
  where?: { host: string; port: number },
): Classification {
  const target = targetOf(where)
  if (err instanceof RouterOsError || err instanceof DeviceAccessError) {
    const { words, ...rule } = RULES[err.code]
    return { ...rule, reason: words(target, err.message) }
  }
  // the poller hides unknown errors (they are bugs, logged with the stack); the check form shows the detail
  const detail = err instanceof Error ? err.message : String(err)
  return where
    ? { ...INTERNAL, reason: `The check failed: ${detail}` }
    : { ...INTERNAL, reason: 'Internal error while polling (see the appliance log)' }
}

/** The error code stored with a failed outcome. */
export function errorCode(err: unknown): FailureCode | 'internal' {
  return err instanceof RouterOsError || err instanceof DeviceAccessError ? err.code : 'internal'
}
