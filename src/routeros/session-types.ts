/** Types of the session API: rows, replies and options (implementation in session.ts). */
import type { Limits } from './limits.ts'
import type { Sentence } from './protocol.ts'

/**
 * One reply row (`!re` attributes, or the attributes of `!done`).
 * @example const row: Row = { '.id': '*1', name: 'ether1' }
 */
export type Row = Record<string, string>

/**
 * The full answer to a command.
 * @example const { rows, done, empty } = await session.write(['/ip/address/print'])
 */
export interface Reply {
  rows: Row[]
  /** Attributes of `!done` (e.g. `ret`). */
  done: Row
  /** True when the router answered `!empty` (RouterOS 7.18+ print with no rows). */
  empty: boolean
}

/**
 * Per-command options.
 * @example await session.write(['/system/resource/print'], { timeoutMs: 5000 })
 */
export interface CommandOptions {
  /** Deadline; on expiry the session is closed and the command rejects with CommandTimeoutError. */
  timeoutMs?: number
}

/**
 * Options of a session (a connected socket). The caps (see limits.ts, defaults in
 * DEFAULT_LIMITS) fail the command that passes one and close the session.
 * @example new RouterOsSession(socket, { encoding: 'latin1', commandTimeoutMs: 10_000 })
 */
export interface SessionOptions extends Partial<Limits> {
  /** Charset of words on the wire, default `latin1` (lossless for RouterOS's raw bytes). */
  encoding?: BufferEncoding
  /** Default per-command deadline, default 30 s. 0 disables it. */
  commandTimeoutMs?: number
  /** Sentences that match no command (late replies after a cancel, untagged noise). */
  onUnmatched?: (sentence: Sentence) => void
}
