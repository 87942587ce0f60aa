/**
 * Writes reply sentences, applying the device's latency / reset / garbage / flood faults at send
 * time.
 */
import type { Duplex } from 'node:stream'
import { encodeSentence } from '../../routeros/protocol.ts'
import type { SimRouter } from '../device/device.ts'
import type { FaultSettings } from '../device/faults.ts'
import { flood, type FloodKind } from './flood.ts'

/** Bytes no decoder can accept: a reserved control byte followed by noise. */
const GARBAGE = Buffer.from([0xf8, 0xff, 0x13, 0x37, 0x00, 0xfe, 0x80])
/** A 5-byte length prefix announcing a ~2 GiB word, then a little data. */
const OVERSIZED = Buffer.concat([
  Buffer.from([0xf0, 0x7f, 0xff, 0xff, 0xff]),
  Buffer.alloc(32, 0x41),
])

export class ReplyWriter {
  private readonly socket: Duplex
  private readonly raw: { resetAndDestroy(): unknown; destroy(): unknown }
  private readonly device: SimRouter
  /** Once a flood runs, nothing else is written on this connection. */
  private flooding = false

  constructor(
    socket: Duplex,
    raw: { resetAndDestroy(): unknown; destroy(): unknown },
    device: SimRouter,
  ) {
    this.socket = socket
    this.raw = raw
    this.device = device
  }

  send(sentences: string[][], after?: () => void): void {
    const latency = this.device.faults.settings.latencyMs
    if (latency > 0) setTimeout(() => this.write(sentences, after), latency)
    else this.write(sentences, after)
  }

  private write(sentences: string[][], after?: () => void): void {
    const s = this.socket
    if (s.destroyed || s.writableEnded || this.flooding) return
    const f = this.device.faults.settings
    const kind = floodKind(f)
    if (kind !== undefined) {
      this.flooding = true
      const tag = sentences[0]?.find((w) => w.startsWith('.tag='))?.slice(5)
      const on = () => floodKind(this.device.faults.settings) === kind
      return flood(s, kind, tag, on, () => this.raw.destroy())
    }
    const buf = Buffer.concat(
      sentences.map((words) => encodeSentence(words.map((w) => Buffer.from(w, 'latin1')))),
    )
    if (f.resetMidSentence) {
      const cut = Math.max(1, Math.floor(buf.length / 2))
      s.write(buf.subarray(0, cut), () => setImmediate(() => this.raw.resetAndDestroy()))
      return
    }
    if (f.garbage) s.write(GARBAGE)
    else if (f.oversizedWord) s.write(OVERSIZED)
    else s.write(buf)
    if (after) setImmediate(after)
  }
}

function floodKind(f: Readonly<FaultSettings>): FloodKind | undefined {
  if (f.endlessRows) return 'rows'
  if (f.endlessSentence) return 'sentence'
  return f.hugeWords ? 'hugeWords' : undefined
}
