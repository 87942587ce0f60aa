import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSyslogForwarder } from '../../../src/sim/syslog.ts'
import { createSyslogHarness, type SyslogHarness } from './syslog-harness.ts'

let h: SyslogHarness
beforeEach(async () => {
  h = await createSyslogHarness()
})
afterEach(() => h.close())

describe('syslog receiver', () => {
  it('stores what a simulated router sends over TCP and UDP, mapped by its host and by its second address', async () => {
    const router = new SimRouter({ name: 'edge-1' })
    // the TCP forwarder sends from 127.0.0.1 (the second address), the UDP one from the host
    const id = await h.addDevice('edge-1', '127.0.0.21', '127.0.0.1')
    const tcp = startSyslogForwarder(() => [router], {
      address: '127.0.0.1',
      port: h.port,
      protocol: 'tcp',
      intervalMs: 60_000,
    })
    const udp = startSyslogForwarder(() => [router], {
      address: '127.0.0.1',
      port: h.port,
      protocol: 'udp',
      bindAddress: '127.0.0.21',
      intervalMs: 60_000,
    })
    router.addLog('system,info,account', 'user admin logged in from 10.0.0.5 via winbox')
    router.addLog('system,error', 'login failure for user root from 10.0.0.9 via ssh')
    await tcp.flush()
    await udp.flush()
    await h.settle(4)
    await tcp.stop()
    await udp.stop()
    const lines = await h.lines(id)
    expect(lines).toHaveLength(4)
    expect(
      lines.filter((l) => l.msg === 'login failure for user root from 10.0.0.9 via ssh'),
    ).toEqual([
      {
        msg: 'login failure for user root from 10.0.0.9 via ssh',
        severity: 3,
        app: 'system,error',
      },
      {
        msg: 'login failure for user root from 10.0.0.9 via ssh',
        severity: 3,
        app: 'system,error',
      },
    ])
    expect(h.rt.ingest.counters).toMatchObject({ received: 4, stored: 4, unknown: 0, dropped: 0 })
  })

  it('counts senders no device has, and an address two devices share, without storing their lines', async () => {
    await h.addDevice('a', '127.0.0.41')
    await h.addDevice('b', '127.0.0.42', '127.0.0.41')
    await h.udp('127.0.0.99', ['<13>stranger says hi'])
    await h.udp('127.0.0.41', ['<13>which one am I'])
    await h.settle(2)
    expect(h.rt.ingest.counters).toMatchObject({ unknown: 2, stored: 0 })
    expect(h.rt.ingest.unknownSources().map((u) => [u.address, u.ambiguous, u.sample])).toEqual(
      expect.arrayContaining([
        ['127.0.0.99', false, 'stranger says hi'],
        ['127.0.0.41', true, 'which one am I'],
      ]),
    )
    const n = await h.scope
      .selectFrom('device_logs')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(n.n).toBe(0)
  })

  it('counts truncated, binary, oversized and wrongly framed input and keeps the good lines around it', async () => {
    const id = await h.addDevice('r', '127.0.0.51')
    await h.udp('127.0.0.51', [
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5]),
      '<13',
      '<13>' + 'x'.repeat(9000),
      '<13>good udp',
    ])
    const sock = await h.tcp('127.0.0.51')
    sock.write('<14>good one\n')
    sock.write('GET / HTTP/1.1\r\n')
    sock.write(`20000 ${'y'.repeat(20000)}`)
    sock.write('11 <14>counted')
    sock.write('\u0000\u0001\u0002 binary junk\n')
    sock.write('<14>good two\n<14>cut off in the mid')
    await new Promise((r) => setTimeout(r, 100))
    sock.end()
    await h.settle(11)
    expect((await h.lines(id)).map((l) => l.msg)).toEqual([
      'good udp',
      'good one',
      'counted',
      'good two',
    ])
    expect(h.rt.ingest.counters).toMatchObject({
      stored: 4,
      binary: 1,
      malformed: 1,
      oversized: 2,
      framing: 3,
    })
  })

  it('cuts a TCP stream that is not syslog at all, and goes on serving others', async () => {
    const id = await h.addDevice('r', '127.0.0.52')
    const bad = await h.tcp('127.0.0.52')
    const closed = new Promise((r) => bad.once('close', r))
    bad.write('123456789012 nonsense')
    await closed
    const good = await h.tcp('127.0.0.52')
    good.write('<14>still here\n')
    await h.settle(2)
    expect((await h.lines(id)).map((l) => l.msg)).toEqual(['still here'])
  })

  it('pauses a flooding TCP sender instead of dropping: 30,000 lines in one burst all arrive, others still get in', async () => {
    const flood = await h.addDevice('flood', '127.0.0.61')
    const quiet = await h.addDevice('quiet', '127.0.0.62')
    const sock = await h.tcp('127.0.0.61')
    const N = 30_000
    const chunk: string[] = []
    for (let i = 0; i < N; i++) chunk.push(`<14>flood line ${i}\n`)
    sock.write(chunk.join(''))
    await h.udp('127.0.0.62', ['<14>quiet line'])
    await h.settle(N + 1)
    const count = async (d: string) => (await h.lines(d)).length
    expect(await count(flood)).toBe(N)
    expect(await count(quiet)).toBe(1)
    expect(h.rt.ingest.counters).toMatchObject({ dropped: 0, writeFailed: 0 })
  })

  it('keeps each device under its line cap', async () => {
    const id = await h.addDevice('capped', '127.0.0.71')
    await h.scope
      .insertInto('device_log_caps', { device_id: id, max_lines: 100, max_days: 1 })
      .execute()
    await h.rt.ingest.refresh()
    const sock = await h.tcp('127.0.0.71')
    for (let i = 0; i < 5; i++) {
      sock.write(Array.from({ length: 100 }, (_, j) => `<14>line ${i * 100 + j}\n`).join(''))
      await h.settle(100 * (i + 1))
    }
    const lines = await h.lines(id)
    expect(lines.length).toBeGreaterThanOrEqual(100)
    expect(lines.length).toBeLessThanOrEqual(110)
    expect(lines.at(-1)?.msg).toBe('line 499')
    // the day cap: a day later everything is older than 1 day
    h.deps.clock.advance(2 * 86_400_000)
    expect(await h.rt.ingest.pruneByAge()).toBe(lines.length)
    expect(await h.lines(id)).toEqual([])
  })
})
