/**
 * RouterOS API word/sentence codec, shared by the client and the simulator.
 *
 * A word is a length prefix (1–5 bytes, see {@link encodeLength}) followed by that many raw
 * bytes; a sentence is a list of words ended by a zero-length word. Everything works on
 * Buffers: RouterOS stores strings as raw bytes, so decoding to text is the caller's choice.
 */

import { ProtocolError, SentenceTooLargeError } from './errors.ts'

/**
 * Largest word we accept from a peer (16 MiB); a bigger length is treated as a protocol error.
 * @example new SentenceDecoder({ maxWordBytes: DEFAULT_MAX_WORD_BYTES / 4 })
 */
export const DEFAULT_MAX_WORD_BYTES = 16 * 1024 * 1024

export { ProtocolError }

/**
 * Encodes a word length with the RouterOS variable-length scheme.
 * @example encodeLength(0x80) // <Buffer 80 80>
 */
export function encodeLength(len: number): Buffer {
  if (!Number.isInteger(len) || len < 0 || len > 0xffffffff) {
    throw new ProtocolError(`word length ${len} cannot be encoded`)
  }
  // multiplication/division instead of shifts: `<<` goes negative past 2^31
  if (len < 0x80) return Buffer.from([len])
  if (len < 0x4000) return Buffer.from([0x80 | Math.floor(len / 0x100), len & 0xff])
  if (len < 0x200000) {
    return Buffer.from([0xc0 | Math.floor(len / 0x10000), (len >>> 8) & 0xff, len & 0xff])
  }
  if (len < 0x10000000) {
    return Buffer.from([
      0xe0 | Math.floor(len / 0x1000000),
      (len >>> 16) & 0xff,
      (len >>> 8) & 0xff,
      len & 0xff,
    ])
  }
  const b = Buffer.alloc(5)
  b[0] = 0xf0
  b.writeUInt32BE(len >>> 0, 1)
  return b
}

/**
 * Encodes one sentence (words plus the terminating zero byte). String words are encoded with
 * `encoding` (UTF-8 by default); Buffers are sent as they are.
 * @example encodeSentence(['/login', '=name=admin', '=password='])
 */
export function encodeSentence(
  words: readonly (string | Buffer)[],
  encoding: BufferEncoding = 'utf8',
): Buffer {
  const lens = words.map((w) => (typeof w === 'string' ? Buffer.byteLength(w, encoding) : w.length))
  let total = 1
  for (const len of lens) total += prefixLength(len) + len
  const out = Buffer.allocUnsafe(total)
  let at = 0
  words.forEach((w, i) => {
    const len = lens[i] as number
    at = writeLength(out, at, len)
    if (typeof w === 'string') out.write(w, at, len, encoding)
    else w.copy(out, at)
    at += len
  })
  out[at] = 0
  return out
}

function prefixLength(len: number): number {
  if (len < 0x80) return 1
  if (len < 0x4000) return 2
  if (len < 0x200000) return 3
  return len < 0x10000000 ? 4 : 5
}

function writeLength(out: Buffer, at: number, len: number): number {
  if (len < 0x80) {
    out[at] = len
    return at + 1
  }
  const prefix = encodeLength(len)
  prefix.copy(out, at)
  return at + prefix.length
}

/** Number of prefix bytes announced by a first length byte, or 0 for a reserved control byte. */
function prefixSize(first: number): number {
  if (first < 0x80) return 1
  if (first < 0xc0) return 2
  if (first < 0xe0) return 3
  if (first < 0xf0) return 4
  if (first === 0xf0) return 5
  return 0
}

function readLength(buf: Buffer, at: number, size: number): number {
  const f = buf[at] as number
  switch (size) {
    case 1:
      return f
    case 2:
      return (f & 0x3f) * 0x100 + (buf[at + 1] as number)
    case 3:
      return (f & 0x1f) * 0x10000 + buf.readUInt16BE(at + 1)
    case 4:
      return (f & 0x0f) * 0x1000000 + buf.readUIntBE(at + 1, 3)
    default:
      return buf.readUInt32BE(at + 1)
  }
}

/**
 * Incremental sentence decoder: feed it TCP chunks of any size, get whole sentences back.
 * Empty sentences (a lone zero byte) are skipped, as RouterOS does. Returned words are views into
 * the pushed chunks (no copy): do not modify a chunk after pushing it.
 * @example
 * const d = new SentenceDecoder()
 * for (const sentence of d.push(chunk)) handle(sentence.map((w) => w.toString()))
 */
export class SentenceDecoder {
  private chunks: Buffer[] = []
  private chunkBytes = 0
  /** Bytes needed before the next word is complete (0 while the length prefix is incomplete). */
  private need = 0
  private words: Buffer[] = []
  /** Wire bytes of the completed words of the unfinished sentence (from earlier chunks). */
  private sentenceBytes = 0
  private readonly maxWordBytes: number
  private readonly maxSentenceBytes: number

  /**
   * `maxSentenceBytes` bounds one sentence on the wire, the words of an unfinished sentence
   * included (unbounded by default): a peer that never ends a sentence cannot fill the memory.
   */
  constructor(opts: { maxWordBytes?: number; maxSentenceBytes?: number } = {}) {
    this.maxWordBytes = opts.maxWordBytes ?? DEFAULT_MAX_WORD_BYTES
    this.maxSentenceBytes = opts.maxSentenceBytes ?? Number.POSITIVE_INFINITY
  }

  /** Bytes received but not yet part of a complete word. */
  get bufferedBytes(): number {
    return this.chunkBytes
  }

  /**
   * Appends a chunk and returns every sentence it completed (possibly none). Throws
   * {@link ProtocolError} on a reserved control byte or an oversized word, and
   * {@link SentenceTooLargeError} when a sentence passes `maxSentenceBytes`: checked at each
   * sentence end, at the end of each chunk, and from an incomplete word's announced length before
   * its bytes are buffered. The stream cannot be resynchronised after that, so the caller must
   * drop the connection.
   */
  push(chunk: Buffer): Buffer[][] {
    if (chunk.length === 0) return []
    // a long word arriving in many chunks: collect without re-concatenating (avoids O(n^2))
    if (this.need > 0 && this.chunkBytes + chunk.length < this.need) {
      this.chunks.push(chunk)
      this.chunkBytes += chunk.length
      return []
    }
    const buf = this.chunks.length === 0 ? chunk : Buffer.concat([...this.chunks, chunk])
    const out: Buffer[][] = []
    const max = this.maxSentenceBytes
    // the unfinished sentence is `carried` bytes from earlier chunks plus buf[start, at): checked
    // once per sentence and where a word is incomplete, not per word (the hot loop stays lean)
    let carried = this.sentenceBytes
    let start = 0
    let at = 0
    this.need = 0
    while (at < buf.length) {
      const size = prefixSize(buf[at] as number)
      if (size === 0) {
        throw new ProtocolError(`reserved control byte 0x${(buf[at] as number).toString(16)}`)
      }
      if (at + size > buf.length) break
      const len = readLength(buf, at, size)
      if (len > this.maxWordBytes) {
        throw new ProtocolError(`word of ${len} bytes exceeds the limit of ${this.maxWordBytes}`)
      }
      if (at + size + len > buf.length) {
        // refused from the announced length alone, before its bytes are buffered
        if (carried + at - start + size + len > max) throw new SentenceTooLargeError(max)
        this.need = size + len
        break
      }
      if (len === 0) {
        if (carried + at - start > max) throw new SentenceTooLargeError(max)
        if (this.words.length > 0) out.push(this.words)
        this.words = []
        carried = 0
        start = at + 1
      } else {
        // a view, not a copy: words share the chunk's memory until the caller drops them
        this.words.push(buf.subarray(at + size, at + size + len))
      }
      at += size + len
    }
    this.sentenceBytes = carried + at - start
    if (this.sentenceBytes > max) throw new SentenceTooLargeError(max)
    const rest = at === buf.length ? undefined : Buffer.from(buf.subarray(at))
    this.chunks = rest === undefined ? [] : [rest]
    this.chunkBytes = rest === undefined ? 0 : rest.length
    return out
  }
}

/**
 * A parsed sentence: the first word, `=key=value` attributes, `.tag`, and query words.
 * @example const s: Sentence = parseSentence(['!done', '=ret=*1']) // s.attrs.ret === '*1'
 */
export interface Sentence {
  readonly command: string
  readonly attrs: Record<string, string>
  readonly tag: string | undefined
  readonly queries: readonly string[]
  /** Words with no known prefix, e.g. the reason after `!fatal`. */
  readonly extra: readonly string[]
}

/**
 * Splits decoded words into command, attributes (split on the first two `=` only, so values may
 * contain `=`), API attributes (`.tag`) and query words (`?…`).
 * @example parseSentence(['!re', '=name=a=b', '.tag=3']) // attrs { name: 'a=b' }, tag '3'
 */
export function parseSentence(
  words: readonly (Buffer | string)[],
  encoding: BufferEncoding = 'utf8',
): Sentence {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>
  const queries: string[] = []
  const extra: string[] = []
  let tag: string | undefined
  const first = words[0]
  const command =
    first === undefined ? '' : typeof first === 'string' ? first : first.toString(encoding)
  for (let i = 1; i < words.length; i++) {
    const raw = words[i] as Buffer | string
    const w = typeof raw === 'string' ? raw : raw.toString(encoding)
    const c = w.charCodeAt(0)
    if (c === 0x3d /* = */) {
      const eq = w.indexOf('=', 1)
      if (eq === -1) attrs[w.slice(1)] = ''
      else attrs[w.slice(1, eq)] = w.slice(eq + 1)
    } else if (c === 0x3f /* ? */) {
      queries.push(w)
    } else if (c === 0x2e /* . */) {
      const eq = w.indexOf('=')
      if (eq === 4 && w.startsWith('.tag')) tag = w.slice(5)
      else if (eq === -1) attrs[w] = ''
      else attrs[w.slice(0, eq)] = w.slice(eq + 1)
    } else {
      extra.push(w)
    }
  }
  return { command, attrs, tag, queries, extra }
}
