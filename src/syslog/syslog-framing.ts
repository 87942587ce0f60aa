// TCP syslog framing (RFC 6587): octet counting (`LEN SP MSG`, RFC 5425 style) and non-transparent
// framing (messages ended by LF, CRLF or NUL), told apart per frame by its first byte: a digit
// starts a count, `<` starts a message. Anything else is wrong framing: the decoder counts it and
// skips to the next line end, so one bad frame never desynchronises the rest of the stream.
// Memory is bounded: a frame longer than the limit is skipped, not buffered.
import { MAX_MESSAGE_BYTES } from './syslog-parse.ts'

export type FrameProblem = 'oversized' | 'framing'

/** An octet count longer than this is not a syslog frame at all: the connection is cut. */
const MAX_COUNT_DIGITS = 6

export class SyslogFrameDecoder {
  #buf: Buffer = Buffer.alloc(0)
  /** bytes still to skip of an oversized counted frame */
  #skip = 0
  /** discarding until the next line end (oversized or broken line) */
  #discardLine = false
  readonly #onProblem: (p: FrameProblem) => void
  readonly #max: number

  constructor(onProblem: (p: FrameProblem) => void, max = MAX_MESSAGE_BYTES) {
    this.#onProblem = onProblem
    this.#max = max
  }

  /** Feeds received bytes; returns the complete frames. Throws when the stream is not syslog. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = []
    let buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk])
    let i = 0
    while (i < buf.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, buf.length - i)
        this.#skip -= n
        i += n
        continue
      }
      if (this.#discardLine) {
        const end = lineEnd(buf, i)
        if (end < 0) {
          i = buf.length
          break
        }
        this.#discardLine = false
        i = end + 1
        continue
      }
      const c = buf[i]!
      if (c === 0x0a || c === 0x0d || c === 0x00 || c === 0x20) {
        i++
        continue
      } // stray separators between frames
      if (c >= 0x30 && c <= 0x39) {
        const sp = buf.indexOf(0x20, i)
        const digits = (sp < 0 ? buf.subarray(i) : buf.subarray(i, sp)).toString('latin1')
        if (!/^\d*$/.test(digits)) {
          this.#problem('framing')
          continue
        }
        if (digits.length > MAX_COUNT_DIGITS) throw new Error('syslog octet count too long')
        if (sp < 0) break // the count is not complete yet
        const len = Number(digits)
        const start = sp + 1
        if (len > this.#max) {
          this.#onProblem('oversized')
          this.#skip = len
          i = start
          continue
        }
        if (buf.length - start < len) break // wait for the rest of the frame
        if (len > 0) out.push(buf.subarray(start, start + len))
        i = start + len
        continue
      }
      if (c !== 0x3c) {
        this.#problem('framing')
        continue
      }
      const end = lineEnd(buf, i)
      if (end < 0) {
        if (buf.length - i > this.#max) {
          this.#onProblem('oversized')
          this.#discardLine = true
          i = buf.length
        }
        break
      }
      if (end - i > this.#max) this.#onProblem('oversized')
      else out.push(buf.subarray(i, buf[end - 1] === 0x0d ? end - 1 : end))
      i = end + 1
    }
    buf = buf.subarray(i)
    // copy the small remainder so the (possibly large) chunk it points into can be freed
    this.#buf = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf)
    return out
  }

  /** Bytes waiting for the rest of a frame (a frame cut off when the connection closed). */
  get pending(): number {
    return this.#buf.length
  }

  #problem(p: FrameProblem): void {
    this.#onProblem(p)
    this.#discardLine = true
  }
}

function lineEnd(buf: Buffer, from: number): number {
  const lf = buf.indexOf(0x0a, from)
  const nul = buf.indexOf(0x00, from)
  if (lf < 0) return nul
  return nul < 0 ? lf : Math.min(lf, nul)
}
