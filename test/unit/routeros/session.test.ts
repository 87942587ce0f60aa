import { describe, expect, it, vi } from 'vitest'
import net from 'node:net'
import { encodeSentence, SentenceDecoder } from '../../../src/routeros/protocol.ts'
import { RouterOsSession } from '../../../src/routeros/session.ts'
import { md5Response } from '../../../src/routeros/connect.ts'

/**
 * A scripted loopback peer for reply words no real router (nor the simulator) sends: it answers
 * each command's tag with the given sentences.
 */
async function scripted(reply: (tag: string) => string[][]) {
  const srv = net.createServer((sock) => {
    const d = new SentenceDecoder()
    sock.on('data', (c) => {
      for (const words of d.push(c)) {
        const tag =
          words
            .map(String)
            .find((w) => w.startsWith('.tag='))
            ?.slice(5) ?? ''
        for (const s of reply(tag)) sock.write(encodeSentence(s))
      }
    })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const sock = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1')
  await new Promise((r) => sock.once('connect', r))
  return {
    session: new RouterOsSession(sock),
    sock,
    close: () => new Promise((r) => srv.close(r)),
  }
}

describe('RouterOsSession reply handling', () => {
  it('surfaces an unknown reply word as an error and keeps working', async () => {
    let n = 0
    const { session, close } = await scripted((tag) =>
      n++ === 0
        ? [
            ['!weird', `.tag=${tag}`],
            ['!done', `.tag=${tag}`],
          ]
        : [
            ['!re', '=name=x', `.tag=${tag}`],
            ['!done', `.tag=${tag}`],
          ],
    )
    await expect(session.write(['/x/print'])).rejects.toMatchObject({
      code: 'unexpected_reply',
      word: '!weird',
    })
    expect(await session.print('/x')).toEqual([Object.assign(Object.create(null), { name: 'x' })])
    await session.close()
    await close()
  })
  it('keeps the first trap and rejects at !done', async () => {
    const { session, close } = await scripted((tag) => [
      ['!trap', '=message=first', '=category=1', `.tag=${tag}`],
      ['!trap', '=message=second', `.tag=${tag}`],
      ['!done', `.tag=${tag}`],
    ])
    await expect(session.write(['/x'])).rejects.toMatchObject({
      code: 'trap',
      category: 1,
      routerMessage: 'first',
    })
    await session.close()
    await close()
  })
  it('rejects commands issued after close', async () => {
    const { session, close } = await scripted(() => [])
    await session.close()
    await expect(session.print('/x')).rejects.toMatchObject({ code: 'closed' })
    await close()
  })
})

/** A peer that answers the first command with untagged `!re` rows without end. */
async function untaggedFlood() {
  const srv = net.createServer((sock) => {
    sock.on('error', () => undefined)
    sock.once('data', () => {
      const batch = Buffer.concat(
        Array.from({ length: 100 }, () => encodeSentence(['!re', '=n=x'])),
      )
      const pump = (): void => {
        while (!sock.destroyed) if (!sock.write(batch)) return void sock.once('drain', pump)
      }
      pump()
    })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const sock = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1')
  await new Promise((r) => sock.once('connect', r))
  return { sock, close: () => new Promise((r) => srv.close(r)) }
}

describe('RouterOsSession caps', () => {
  it('closes the session when a flood of replies to no command passes maxReplyBytes', async () => {
    const { sock, close } = await untaggedFlood()
    let unmatched = 0
    const session = new RouterOsSession(sock, {
      commandTimeoutMs: 0, // no deadline: only the cap can end this
      maxReplyBytes: 256 * 1024,
      onUnmatched: () => unmatched++,
    })
    await expect(session.write(['/x/print'])).rejects.toMatchObject({
      code: 'reply_too_large',
      message: 'replies to no command: the device sent more than 256 KiB (connection closed)',
    })
    expect(session.isClosed).toBe(true)
    expect(unmatched).toBeGreaterThan(1000)
    await close()
  })
})

describe('md5Response', () => {
  it('matches the documented algorithm (00 + md5(0x00, password, challenge))', () => {
    // reference computed with Python:
    // '00' + hashlib.md5(b'\x00' + b'pw' + bytes.fromhex(ch)).hexdigest()
    const ch = '0123456789abcdef0123456789abcdef'
    expect(md5Response('pw', ch)).toBe('00bb1a106c7a9fbf707247b06d10551cea')
  })
})

describe('RouterOsSession writes', () => {
  it('sends the commands started in the same tick in one socket write', async () => {
    const { session, sock, close } = await scripted((tag) => [['!done', `.tag=${tag}`]])
    const one = vi.spyOn(sock as unknown as { _write: () => void }, '_write')
    const many = vi.spyOn(sock as unknown as { _writev: () => void }, '_writev')
    await Promise.all([session.write(['/a']), session.write(['/b']), session.write(['/c'])])
    expect(one).not.toHaveBeenCalled()
    expect(many).toHaveBeenCalledTimes(1)
    expect((many.mock.calls[0] as unknown as [unknown[]])[0]).toHaveLength(3)
    await session.close()
    await close()
  })
})
