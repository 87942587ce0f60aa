/**
 * Caps on what one device may send, so that a device (or anything answering on its API port)
 * that streams without end fails its command instead of filling the appliance's memory.
 * Sized from real devices: the largest sentence we know is a 60 KB `/file` `contents`, the
 * largest poll replies (tens of thousands of DHCP leases or PPPoE interfaces) are a few MiB.
 */
import { ReplyTooLargeError, TooManyRowsError } from './errors.ts'
import type { RouterOsError } from './errors.ts'

/**
 * The caps of one session; every field is optional in SessionOptions.
 * @example const tight: Limits = { maxReplyRows: 1000, maxReplyBytes: 1 << 20, maxSentenceBytes: 1 << 16 }
 */
export interface Limits {
  /** Rows of one reply; for a stream, rows received but not yet read. */
  maxReplyRows: number
  /**
   * Size of one reply (for a stream: of its unread rows), counted as the bytes received plus
   * {@link WORD_OVERHEAD_BYTES} per word, which is about what the parsed rows take in memory.
   */
  maxReplyBytes: number
  /** Bytes of one sentence on the wire, the words of an unfinished sentence included. */
  maxSentenceBytes: number
}

/**
 * Defaults: 100,000 rows, 32 MiB per reply, 1 MiB per sentence.
 * @example connect({ ...opts, maxReplyRows: DEFAULT_LIMITS.maxReplyRows * 2 })
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxReplyRows: 100_000,
  maxReplyBytes: 32 * 1024 * 1024,
  maxSentenceBytes: 1024 * 1024,
})

/**
 * The caps of a session: the given ones, DEFAULT_LIMITS for the rest.
 * @example resolveLimits({ maxReplyRows: 10 }).maxSentenceBytes // 1048576
 */
export function resolveLimits(opts: Partial<Limits>): Readonly<Limits> {
  return {
    maxReplyRows: opts.maxReplyRows ?? DEFAULT_LIMITS.maxReplyRows,
    maxReplyBytes: opts.maxReplyBytes ?? DEFAULT_LIMITS.maxReplyBytes,
    maxSentenceBytes: opts.maxSentenceBytes ?? DEFAULT_LIMITS.maxSentenceBytes,
  }
}

/**
 * Memory a parsed word costs beyond its bytes (two strings and an object slot: measured 40–60
 * bytes in V8), so that a reply of many tiny words is not undercounted.
 */
export const WORD_OVERHEAD_BYTES = 48

/**
 * Cost of one decoded sentence against `maxReplyBytes`.
 * @example sentenceCost([Buffer.from('!re'), Buffer.from('=name=x')]) // 10 + 2 * 48
 */
export function sentenceCost(words: readonly Buffer[]): number {
  let cost = words.length * WORD_OVERHEAD_BYTES
  for (const w of words) cost += w.length
  return cost
}

/**
 * The error for `rows` rows and `cost` bytes held for `command`, or undefined while both are
 * within the caps.
 * @example overLimit('/interface/print', 100_001, 0, DEFAULT_LIMITS)?.code // 'too_many_rows'
 */
export function overLimit(
  command: string,
  rows: number,
  cost: number,
  limits: Readonly<Limits>,
): RouterOsError | undefined {
  if (rows > limits.maxReplyRows) return new TooManyRowsError(command, limits.maxReplyRows)
  if (cost > limits.maxReplyBytes) return new ReplyTooLargeError(command, limits.maxReplyBytes)
  return undefined
}
