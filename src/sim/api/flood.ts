/**
 * Hostile-device replies for the `endlessRows`, `endlessSentence` and `hugeWords` faults: a reply
 * that never ends, written as fast as the client reads it (backpressure respected, so the
 * simulator itself stays small) until the connection closes or the fault is turned off.
 */
import type { Duplex } from 'node:stream'
import { encodeLength, encodeSentence } from '../../routeros/protocol.ts'

/** Which endless reply to send. */
export type FloodKind = 'rows' | 'sentence' | 'hugeWords'

/** Size of each `hugeWords` word: just under the client's default 16 MiB word limit. */
export const HUGE_WORD_BYTES = 15 * 1024 * 1024

/** Words without the zero-length word that would end their sentence. */
function openWords(words: readonly string[]): Buffer {
  return Buffer.concat(
    words.flatMap((w) => {
      const b = Buffer.from(w, 'latin1')
      return [encodeLength(b.length), b]
    }),
  )
}

/** The endless byte stream of one flood, in pieces of a few KiB (buffers reused, never copied). */
function* pieces(kind: FloodKind, tag: string | undefined): Generator<Buffer, never> {
  const tagWord = tag === undefined ? [] : [`.tag=${tag}`]
  if (kind === 'rows') {
    const rows = Array.from({ length: 64 }, (_, i) =>
      encodeSentence([
        '!re',
        `=.id=*${i + 1}`,
        `=name=flood${i + 1}`,
        '=type=ether',
        '=mtu=1500',
        ...tagWord,
      ]),
    )
    const batch = Buffer.concat(rows)
    for (;;) yield batch
  }
  yield openWords(['!re', ...tagWord])
  if (kind === 'sentence') {
    const words = openWords(Array.from({ length: 128 }, (_, i) => `=flood-${i}=${'x'.repeat(24)}`))
    for (;;) yield words
  }
  const prefix = encodeLength(HUGE_WORD_BYTES)
  const chunk = Buffer.alloc(64 * 1024, 0x78)
  for (;;) {
    yield prefix
    for (let sent = 0; sent < HUGE_WORD_BYTES; sent += chunk.length) yield chunk
  }
}

/**
 * Writes the flood to `socket` until it closes; when `stillOn()` turns false the connection is
 * dropped with `stop()` (the reply can't be finished in a way a client would understand).
 * @example flood(socket, 'rows', '3', () => device.faults.settings.endlessRows, () => socket.destroy())
 */
export function flood(
  socket: Duplex,
  kind: FloodKind,
  tag: string | undefined,
  stillOn: () => boolean,
  stop: () => void,
): void {
  const source = pieces(kind, tag)
  const pump = (): void => {
    for (;;) {
      if (socket.destroyed || socket.writableEnded) return
      if (!stillOn()) return stop()
      if (!socket.write(source.next().value)) return void socket.once('drain', pump)
    }
  }
  pump()
}
