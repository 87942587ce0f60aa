import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/log.ts'

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      done()
    },
  })
  return { lines, log: createLogger({ level, destination }) }
}

describe('createLogger', () => {
  it('writes JSON lines with level, time and message', () => {
    const { lines, log } = capture()
    log.info({ deviceId: 'd1' }, 'poll failed')
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'poll failed',
      deviceId: 'd1',
      app: 'outpost',
    })
    expect(typeof lines[0]?.time).toBe('string')
  })
  it('redacts secrets by key name at any of the first levels', () => {
    const { lines, log } = capture()
    log.info(
      {
        password: 'p1',
        secret: 's1',
        token: 't1',
        privateKey: 'k1',
        device: { password: 'p2', credentials: { user: 'u', pass: 'x' } },
        req: { headers: { authorization: 'Bearer opk_abc', cookie: 'outpost_at=zzz' } },
        user: { passwordHash: '$argon2id$…' },
      },
      'something',
    )
    const text = JSON.stringify(lines[0])
    for (const secret of ['p1', 's1', 't1', 'k1', 'p2', 'opk_abc', 'outpost_at=zzz', '$argon2id']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('[redacted]')
  })
  it('honours the level', () => {
    const { lines, log } = capture('warn')
    log.info('hidden')
    log.warn('shown')
    expect(lines.map((l) => l.msg)).toEqual(['shown'])
  })
})
