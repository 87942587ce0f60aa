// The hostile-device faults (endlessRows, endlessSentence, hugeWords) seen on the raw wire: a reply
// that never ends, written only as fast as the reader reads. The reader here decodes word by word
// itself and stops after a few MiB, so the test never holds the flood in memory.
import net from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { encodeSentence, SentenceDecoder } from '../../../src/routeros/protocol.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { HUGE_WORD_BYTES } from '../../../src/sim/api/flood.ts'

/** A raw connection logged in as the factory admin. */
async function loggedIn(sim: SimDevice): Promise<net.Socket> {
  const sock = net.connect({ host: '127.0.0.1', port: sim.apiPort })
  await new Promise((r) => sock.once('connect', r))
  const d = new SentenceDecoder()
  sock.write(encodeSentence(['/login', '=name=admin', '=password=', '.tag=l']))
  await new Promise<void>((resolve) => {
    const on = (c: Buffer) => {
      if (d.push(c).some((s) => String(s[0]) === '!done')) {
        sock.off('data', on)
        resolve()
      }
    }
    sock.on('data', on)
  })
  return sock
}

/** Reads until `enough(bytesSoFar, chunk)` says stop, then closes; resolves with the byte count. */
function readUntil(
  sock: net.Socket,
  enough: (total: number, chunk: Buffer) => boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0
    const timer = setTimeout(() => reject(new Error(`flood stopped after ${total} bytes`)), 10_000)
    sock.on('data', (c: Buffer) => {
      total += c.length
      if (!enough(total, c)) return
      clearTimeout(timer)
      sock.destroy()
      resolve(total)
    })
  })
}

describe('simulator flood faults', () => {
  let sim: SimDevice
  beforeAll(async () => {
    sim = await startDevice({ persona: 'rb5009-7.15', services: { apiSsl: false, ssh: false } })
  })
  afterAll(async () => {
    await sim.close()
  })
  beforeEach(() => {
    sim.faults.reset()
  })

  it('endlessRows: tagged !re rows without end, never !done', async () => {
    const sock = await loggedIn(sim)
    sim.faults.set({ endlessRows: true })
    sock.write(encodeSentence(['/interface/print', '.tag=7']))
    const d = new SentenceDecoder()
    let rows = 0
    const other: string[] = []
    await readUntil(sock, (_t, c) => {
      for (const s of d.push(c)) {
        const words = s.map(String)
        if (words[0] === '!re' && words.at(-1) === '.tag=7') rows++
        else other.push(words[0] ?? '')
      }
      return rows > 120_000
    })
    expect(rows).toBeGreaterThan(120_000)
    expect(other).toEqual([])
  })

  it('endlessSentence: one !re whose words keep coming, never the empty word', async () => {
    const sock = await loggedIn(sim)
    sim.faults.set({ endlessSentence: true })
    sock.write(encodeSentence(['/system/resource/print', '.tag=8']))
    // a decoder without a sentence cap would hold every word; one with a cap shows none ended
    const d = new SentenceDecoder({ maxSentenceBytes: 8 * 1024 * 1024 })
    let ended = 0
    const total = await readUntil(sock, (t, c) => {
      try {
        ended += d.push(c).length
      } catch (e) {
        return (e as Error).name === 'SentenceTooLargeError'
      }
      return t > 16 * 1024 * 1024
    })
    expect(ended).toBe(0)
    expect(total).toBeGreaterThan(8 * 1024 * 1024)
  })

  it('hugeWords: words of 15 MiB, sent in full, in a sentence that never ends', async () => {
    const sock = await loggedIn(sim)
    sim.faults.set({ hugeWords: true })
    sock.write(encodeSentence(['/system/identity/print', '.tag=9']))
    // a 20 MiB sentence cap: the first word must arrive in full before the second one breaks it
    const d = new SentenceDecoder({ maxSentenceBytes: 20 * 1024 * 1024 })
    let failure: Error | undefined
    const total = await readUntil(sock, (_t, c) => {
      try {
        expect(d.push(c)).toEqual([])
      } catch (e) {
        failure = e as Error
      }
      return failure !== undefined
    })
    expect(failure?.name).toBe('SentenceTooLargeError')
    expect(total).toBeGreaterThan(HUGE_WORD_BYTES)
  })

  it('turning the fault off drops the flooding connection; new connections answer normally', async () => {
    const sock = await loggedIn(sim)
    sim.faults.set({ endlessRows: true })
    sock.write(encodeSentence(['/interface/print', '.tag=1']))
    await new Promise((r) => sock.once('data', r))
    const closed = new Promise((r) => sock.once('close', r))
    sock.on('error', () => undefined)
    sim.faults.set({ endlessRows: false })
    sock.resume()
    await closed
    const again = await loggedIn(sim)
    const d = new SentenceDecoder()
    again.write(encodeSentence(['/system/identity/print', '.tag=2']))
    const reply = await new Promise<string[][]>((resolve) => {
      const got: string[][] = []
      again.on('data', (c: Buffer) => {
        for (const s of d.push(c)) got.push(s.map(String))
        if (got.at(-1)?.[0] === '!done') resolve(got)
      })
    })
    expect(reply[0]?.[0]).toBe('!re')
    again.destroy()
  })
})
