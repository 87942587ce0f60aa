import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/sim/device/clock.ts'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { formatSyslog, startSyslogForwarder } from '../../../src/sim/syslog.ts'

describe('syslog output', () => {
  it('formats RFC 3164 lines with severity from the topics', () => {
    const at = Date.UTC(2026, 0, 5, 3, 4, 5)
    expect(
      formatSyslog(
        { id: 1, at, topics: 'system,info,account', message: 'user admin logged in' },
        'core 1',
      ),
    ).toBe('<30>Jan  5 03:04:05 core_1 system,info,account user admin logged in')
    expect(formatSyslog({ id: 2, at, topics: 'script,error', message: 'x' }, 'r', 16)).toBe(
      '<131>Jan  5 03:04:05 r script,error x',
    )
  })

  it('sends new log entries once over UDP', async () => {
    const sock = createSocket('udp4')
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()))
    const lines: string[] = []
    const two = new Promise<void>((r) =>
      sock.on('message', (m) => {
        if (/ (first|second)$/.test(m.toString())) lines.push(m.toString())
        if (lines.length === 2) r()
      }),
    )
    const dev = new SimRouter({ name: 'sl1', clock: new ManualClock(Date.UTC(2026, 2, 1)) })
    dev.addLog('system,info', 'first')
    const f = startSyslogForwarder(() => [dev], { port: sock.address().port, intervalMs: 60_000 })
    await f.flush()
    dev.addLog('system,warning', 'second')
    await f.flush()
    await f.flush()
    await two
    await f.stop()
    sock.close()
    expect(lines).toEqual([
      `<30>Mar  1 00:00:00 ${dev.identity} system,info first`,
      `<28>Mar  1 00:00:00 ${dev.identity} system,warning second`,
    ])
  })

  it('sends LF-terminated lines over TCP', async () => {
    let data = ''
    const got = new Promise<void>((resolve) => {
      const server = createServer((s) =>
        s.on('data', (d) => {
          data += d.toString()
          if (data.includes('hello tcp\n')) {
            server.close()
            s.destroy()
            resolve()
          }
        }),
      )
      server.listen(0, '127.0.0.1', () => {
        const dev = new SimRouter({ name: 'sl2' })
        dev.addLog('script,info', 'hello tcp')
        const f = startSyslogForwarder(() => [dev], {
          port: (server.address() as AddressInfo).port,
          protocol: 'tcp',
          intervalMs: 20,
        })
        void got.then(() => f.stop())
      })
    })
    await got
    expect(data).toMatch(/^<30>\w{3} [ \d]\d \d{2}:\d{2}:\d{2} \S+ script,info hello tcp\n/m)
  })
})
