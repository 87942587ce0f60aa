import { execFile } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { decodeMndp, encodeMndp, startMndpAnnouncer } from '../../../src/sim/mndp.ts'

const run = promisify(execFile)
const SRC = resolve(import.meta.dirname, '../../../src')

describe('MNDP', () => {
  it('encodes the byte layout of the packet format (TLVs, little-endian uptime)', () => {
    const pkt = encodeMndp(
      {
        mac: '74:4D:28:91:0D:2F',
        identity: 'r1',
        version: '7.18.2',
        platform: 'MikroTik',
        uptime: 5596,
        softwareId: 'H792',
        board: 'RB',
        interfaceName: 'e1',
        ipv4: '10.0.0.1',
      },
      7,
    )
    const hex = [
      '00000007',
      '00010006744d28910d2f',
      '000500027231',
      '00070006372e31382e32',
      '00080008' + Buffer.from('MikroTik').toString('hex'),
      '000a0004dc150000',
      '000b000448373932',
      '000c00025242',
      '000e000101',
      '001000026531',
      '001100040a000001',
    ].join('')
    expect(pkt.toString('hex')).toBe(hex)
    expect(decodeMndp(pkt)).toEqual({
      mac: '74:4D:28:91:0D:2F',
      identity: 'r1',
      version: '7.18.2',
      platform: 'MikroTik',
      uptime: 5596,
      softwareId: 'H792',
      board: 'RB',
      unpack: 1,
      interfaceName: 'e1',
      ipv4: '10.0.0.1',
    })
  })

  it('announces every device to a loopback listener', async () => {
    const sock = createSocket('udp4')
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()))
    const port = sock.address().port
    const got = new Map<string, ReturnType<typeof decodeMndp>>()
    const all = new Promise<void>((r) =>
      sock.on('message', (m) => {
        const d = decodeMndp(m)
        got.set(d.identity ?? '', d)
        if (got.size === 2) r()
      }),
    )
    const devs = [
      new SimRouter({ name: 'm1', persona: 'rb5009-7.15' }),
      new SimRouter({ name: 'm2', persona: 'hap-ac-6.49' }),
    ]
    devs[1]?.tree.setSingleton('/system/identity', { name: 'second' })
    const a = startMndpAnnouncer(() => devs, { port, intervalMs: 60_000 })
    await all
    await a.stop()
    sock.close()
    const first = got.get(devs[0]?.identity ?? '')
    expect(first?.softwareId).toBe(devs[0]?.softwareId)
    expect(first?.version).toMatch(/^7\.15/)
    expect(got.get('second')?.board).toBe(devs[1]?.persona.board)
  })

  it("is understood by Debian's mndp (run in a private network namespace)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-mndp-'))
    try {
      const sender = join(dir, 'send.ts')
      writeFileSync(
        sender,
        [
          `import { SimRouter } from '${SRC}/sim/device/device.ts'`,
          `import { startMndpAnnouncer } from '${SRC}/sim/mndp.ts'`,
          `const dev = new SimRouter({ name: 'mndp-check', persona: 'rb5009-7.15' })`,
          `dev.tree.setSingleton('/system/identity', { name: 'sim-router-01' })`,
          `const a = startMndpAnnouncer(() => [dev], { intervalMs: 200, ipv4: () => '127.0.0.1' })`,
          `setTimeout(() => void a.stop(), 2500)`,
          `console.log(JSON.stringify({ sid: dev.softwareId, board: dev.persona.board }))`,
        ].join('\n'),
      )
      const out = join(dir, 'mndp.txt')
      const script = `ip link set lo up; (timeout 3 stdbuf -oL mndp > ${out} 2>&1 &); "${process.execPath}" ${sender}; sleep 0.6`
      const { stdout } = await run('unshare', ['-n', 'sh', '-c', script], { timeout: 20_000 })
      const want = JSON.parse(stdout.trim()) as { sid: string; board: string }
      const line = readFileSync(out, 'utf8')
        .split('\n')
        .find((l) => l.includes('sim-router-01'))
      expect(line).toBeDefined()
      expect(line).toContain('127.0.0.1')
      expect(line).toContain(`(MikroTik 7.15`)
      expect(line).toContain(want.board)
      expect(line).toContain(want.sid)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
