/**
 * Typed errors of the RouterOS client. Every error has a stable `code` string that callers can
 * switch on (and store) without parsing messages.
 */

/**
 * Stable error codes, one per error class.
 * @example const retryable: RouterOsErrorCode[] = ['unreachable', 'connect_timeout', 'closed']
 */
export type RouterOsErrorCode =
  | 'unreachable'
  | 'refused'
  | 'connect_timeout'
  | 'command_timeout'
  | 'tls'
  | 'bad_credentials'
  | 'api_permission'
  | 'trap'
  | 'fatal'
  | 'closed'
  | 'protocol'
  | 'unexpected_reply'
  | 'ssh'
  | 'host_key_mismatch'
  | 'too_many_rows'
  | 'sentence_too_large'
  | 'reply_too_large'

/**
 * Base class of every error thrown by src/routeros.
 * @example
 * try { await session.print('/system/identity') } catch (e) {
 *   if (e instanceof RouterOsError && e.code === 'command_timeout') retryLater()
 * }
 */
export class RouterOsError extends Error {
  readonly code: RouterOsErrorCode
  constructor(code: RouterOsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * Host unknown, no route, network down: the router could not be reached at all.
 * @example new UnreachableError('10.0.0.1:8728 is unreachable (EHOSTUNREACH)')
 */
export class UnreachableError extends RouterOsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unreachable', message, options)
  }
}

/**
 * The host answered but nothing listens on the port (TCP RST): service disabled or firewalled.
 * @example new RefusedError('127.0.0.1:8728 refused the connection')
 */
export class RefusedError extends RouterOsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('refused', message, options)
  }
}

/**
 * TCP connect (and TLS handshake) did not finish in time: packets silently dropped.
 * @example new ConnectTimeoutError('connect to 10.0.0.1:8728 timed out after 5000 ms')
 */
export class ConnectTimeoutError extends RouterOsError {
  constructor(message: string) {
    super('connect_timeout', message)
  }
}

/**
 * A command got no `!done` before its deadline. The API session is closed with it: a device
 * that keeps sending after the deadline must not keep the client reading.
 * @example new CommandTimeoutError('/system/resource/print', 10_000)
 */
export class CommandTimeoutError extends RouterOsError {
  readonly command: string
  constructor(command: string, timeoutMs: number, what = 'connection closed') {
    super('command_timeout', `${command} did not finish within ${timeoutMs} ms (${what})`)
    this.command = command
  }
}

/**
 * TLS handshake failed, the certificate did not verify, or the pinned fingerprint did not match.
 * @example new TlsError('certificate fingerprint mismatch: expected AA:…, got BB:…')
 */
export class TlsError extends RouterOsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('tls', message, options)
  }
}

/**
 * The router rejected the user name or password.
 * @example new BadCredentialsError('invalid user name or password (6)')
 */
export class BadCredentialsError extends RouterOsError {
  constructor(message: string) {
    super('bad_credentials', `login failed: ${message}`)
  }
}

/**
 * The credentials may be right but the user's group lacks the `api` policy.
 * @example new ApiPermissionError('not allowed (9)')
 */
export class ApiPermissionError extends RouterOsError {
  constructor(message: string) {
    super('api_permission', `login refused, the user lacks the api policy: ${message}`)
  }
}

/**
 * The router answered `!trap`: the command failed (bad argument, missing item, interrupted…).
 * `category` is the RouterOS trap category (0-7) when the router sent one.
 * @example
 * catch (e) { if (e instanceof TrapError && e.category === 0) report('no such item') }
 */
export class TrapError extends RouterOsError {
  readonly category: number | undefined
  readonly routerMessage: string
  readonly command: string
  constructor(command: string, routerMessage: string, category: number | undefined) {
    const cat = category === undefined ? '' : ` (category ${category})`
    super('trap', `${command} failed: ${routerMessage}${cat}`)
    this.command = command
    this.routerMessage = routerMessage
    this.category = category
  }
}

/**
 * The router sent `!fatal` and closed the session; `reason` is its explanation.
 * @example new FatalError('session terminated on request')
 */
export class FatalError extends RouterOsError {
  readonly reason: string
  constructor(reason: string) {
    super('fatal', `router closed the session: ${reason}`)
    this.reason = reason
  }
}

/**
 * The connection is closed (by either side); pending and new commands fail with this.
 * @example new ClosedError('connection closed by the router')
 */
export class ClosedError extends RouterOsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('closed', message, options)
  }
}

/**
 * The byte stream cannot be decoded (reserved control byte, oversized word, garbage).
 * @example new ProtocolError('reserved control byte 0xf8')
 */
export class ProtocolError extends RouterOsError {
  constructor(message: string) {
    super('protocol', message)
  }
}

/**
 * A reply sentence started with a word the client does not know (not !re/!done/!trap/!empty/
 * !fatal). The command fails with this error; the connection stays usable.
 * @example new UnexpectedReplyError('/interface/print', '!weird')
 */
export class UnexpectedReplyError extends RouterOsError {
  readonly word: string
  constructor(command: string, word: string) {
    super('unexpected_reply', `${command}: unexpected reply word ${JSON.stringify(word)}`)
    this.word = word
  }
}

/**
 * SSH connection, authentication or command failure.
 * @example new SshError('ssh authentication failed for admin@10.0.0.1')
 */
export class SshError extends RouterOsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ssh', message, options)
  }
}

/**
 * The SSH host key differs from the pinned one (possible man-in-the-middle or a reinstalled
 * router). Names both fingerprints in OpenSSH's `SHA256:…` form.
 * @example new HostKeyMismatchError('SHA256:abc', 'SHA256:def')
 */
export class HostKeyMismatchError extends RouterOsError {
  readonly expected: string
  readonly actual: string
  constructor(expected: string, actual: string) {
    super('host_key_mismatch', `SSH host key mismatch: expected ${expected}, got ${actual}`)
    this.expected = expected
    this.actual = actual
  }
}

/**
 * Plain size for messages: whole KiB/MiB when exact, else bytes.
 * @example sizeWords(1024 * 1024) // '1 MiB'
 */
export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes.toLocaleString('en-US')} bytes`
}

/**
 * One reply (or the unread rows of a stream) grew past the row cap. The session is closed with
 * it: a device that streams rows without end must not fill the appliance's memory.
 * @example new TooManyRowsError('/interface/print', 100_000)
 */
export class TooManyRowsError extends RouterOsError {
  readonly command: string
  readonly limit: number
  constructor(command: string, limit: number) {
    const n = limit.toLocaleString('en-US')
    super('too_many_rows', `${command}: the device sent more than ${n} rows (connection closed)`)
    this.command = command
    this.limit = limit
  }
}

/**
 * One sentence (counting the words of one not yet finished) grew past the sentence cap; the
 * session is closed with it.
 * @example new SentenceTooLargeError(1024 * 1024)
 */
export class SentenceTooLargeError extends RouterOsError {
  readonly limit: number
  constructor(limit: number) {
    super(
      'sentence_too_large',
      `the device sent a sentence larger than ${sizeWords(limit)} (connection closed)`,
    )
    this.limit = limit
  }
}

/**
 * The reply to one command (the unread part of a stream, the output of an SSH command, or data
 * that belongs to no command) grew past the byte cap; the connection is closed with it.
 * @example new ReplyTooLargeError('/ip/dhcp-server/lease/print', 32 * 1024 * 1024)
 */
export class ReplyTooLargeError extends RouterOsError {
  readonly command: string
  readonly limit: number
  constructor(command: string, limit: number) {
    super(
      'reply_too_large',
      `${command}: the device sent more than ${sizeWords(limit)} (connection closed)`,
    )
    this.command = command
    this.limit = limit
  }
}
