import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import ssh2 from 'ssh2'
import type { SFTPWrapper } from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { SimRouter } from '../../../src/sim/device/device.ts'
import { startSshServer } from '../../../src/sim/ssh/ssh-server.ts'
import type { SshServerHandle } from '../../../src/sim/ssh/ssh-server.ts'
import { parseExport } from '../../../src/sim/config/export-parser.ts'
import { ManualClock } from '../../../src/sim/device/clock.ts'

const run = promisify(execFile)
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function start(dev: SimRouter): Promise<SshServerHandle> {
  const h = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => h.close())
  return h
}

function connect(port: number, password = '', username = 'admin'): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client()
    c.on('ready', () => resolve(c)).on('error', reject)
    c.connect({ host: '127.0.0.1', port, username, password, readyTimeout: 5000 })
    cleanups.push(() => void c.end())
  })
}

interface ExecOut {
  out: string
  code: number | undefined
  chunks: number
}

function exec(c: ssh2.Client, cmd: string): Promise<ExecOut> {
  return new Promise((resolve, reject) => {
    c.exec(cmd, (err, ch) => {
      if (err) return reject(err)
      let out = ''
      let chunks = 0
      let code: number | undefined
      ch.on('data', (d: Buffer) => {
        out += d.toString('utf8')
        chunks++
      })
      ch.on('exit', (n: number | null) => {
        code = n ?? undefined
      })
      ch.on('close', () => resolve({ out, code, chunks }))
    })
  })
}

function sftp(c: ssh2.Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => c.sftp((err, s) => (err ? reject(err) : resolve(s))))
}

describe('simulated SSH server', () => {
  it('runs /export with flags and prints with the console format', async () => {
    const dev = new SimRouter({ persona: 'rb5009-7.15', name: 'ssh-a' })
    dev.tree.add('/ppp/secret', { name: 'bob', password: 'hunter2' })
    const h = await start(dev)
    const c = await connect(h.port)
    const plain = await exec(c, '/export')
    expect(plain.code).toBe(0)
    expect(plain.out).toMatch(/^# \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by RouterOS 7\.15/)
    expect(plain.out).toContain(`# serial number = ${dev.serialNumber}\r\n`)
    expect(plain.out).toContain('add name=bob\r\n')
    const sensitive = await exec(c, '/export show-sensitive')
    expect(sensitive.out).toContain('add name=bob password=hunter2\r\n')
    const terse = await exec(c, '/export terse')
    expect(terse.out).toContain('/ppp secret add name=bob\r\n')
    expect(parseExport(terse.out).commands.length).toBeGreaterThan(0)
    const ident = await exec(c, '/system identity print')
    expect(ident.out).toBe(`  name: ${dev.identity}\r\n`)
    const res = await exec(c, '/system resource print')
    expect(res.out).toMatch(/^ +uptime: \S+\r\n +version: 7\.15/)
    expect(res.out).toMatch(/ {2}write-sect-since-reboot: \d+\r\n/)
    expect(res.out).toMatch(/free-memory: [\d.]+MiB\r\n/)
    const bad = await exec(c, '/export hide-sensitive bogus')
    expect(bad.out).toMatch(/expected end of command/)
  })

  it('honours hide-sensitive on v6 and rejects a wrong password', async () => {
    const dev = new SimRouter({ persona: 'hap-ac-6.49', name: 'ssh-b' })
    dev.tree.add('/ppp/secret', { name: 'bob', password: 'hunter2' })
    const admin = dev.tree.resolve('/user', 'admin')?.id as string
    dev.tree.set('/user', admin, { password: 's3cret' })
    const h = await start(dev)
    await expect(connect(h.port, 'wrong')).rejects.toThrow(/authentication/i)
    await expect(connect(h.port, '')).rejects.toThrow(/authentication/i)
    const c = await connect(h.port, 's3cret')
    expect((await exec(c, '/export')).out).toContain('password=hunter2')
    const hidden = await exec(c, '/export hide-sensitive')
    expect(hidden.out).not.toContain('hunter2')
    expect(hidden.out).toMatch(/^# [a-z]{3}\/\d{2}\/\d{4} /)
    expect((await exec(c, '/export show-sensitive')).out).toMatch(/expected end of command/)
  })

  it('writes /export file= and serves files over SFTP both ways', async () => {
    const dev = new SimRouter({ persona: 'chr-7.18', name: 'ssh-c' })
    const h = await start(dev)
    const c = await connect(h.port)
    await exec(c, '/export file=cfg')
    expect(dev.readFile('cfg.rsc')?.contents).toMatch(/by RouterOS 7\.18/)
    const s = await sftp(c)
    const text = await new Promise<string>((resolve, reject) => {
      let buf = ''
      s.createReadStream('/cfg.rsc')
        .on('data', (d: Buffer) => (buf += d.toString()))
        .on('end', () => resolve(buf))
        .on('error', reject)
    })
    expect(text).toBe(dev.readFile('cfg.rsc')?.contents)
    const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13])
    await new Promise<void>((resolve, reject) =>
      s.writeFile('/up.bin', binary, (e) => (e ? reject(e) : resolve())),
    )
    expect(dev.readFile('up.bin')).toBeDefined()
    const back = await new Promise<Buffer>((resolve, reject) =>
      s.readFile('/up.bin', (e, d) => (e ? reject(e) : resolve(d))),
    )
    expect(back.equals(binary)).toBe(true)
    const names = await new Promise<string[]>((resolve, reject) =>
      s.readdir('/', (e, l) => (e ? reject(e) : resolve(l.map((x) => x.filename)))),
    )
    expect(names).toEqual(expect.arrayContaining(['cfg.rsc', 'up.bin']))
  })

  it('trickles and truncates export output when faults are set', async () => {
    const dev = new SimRouter({ persona: 'rb5009-7.15', name: 'ssh-d' })
    const h = await start(dev)
    const full = (await exec(await connect(h.port), '/export')).out
    h.faults = { exportChunkBytes: 200, exportChunkDelayMs: 1 }
    const slow = await exec(await connect(h.port), '/export')
    expect(slow.chunks).toBeGreaterThan(3)
    expect(slow.out.replace(/^#.*\r\n/, '')).toBe(full.replace(/^#.*\r\n/, ''))
    h.faults = { truncateExportAfterBytes: 300 }
    const cut = await exec(await connect(h.port), '/export')
    expect(cut.out.length).toBe(300)
    expect(cut.code).toBeUndefined()
    h.faults = {}
    expect((await exec(await connect(h.port), '/export')).code).toBe(0)
  })

  it('keeps its host key across restarts and reboots, and drops connections on reboot', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const dev = new SimRouter({ persona: 'rb5009-7.15', name: 'ssh-e', clock, rebootDelayMs: 1000 })
    const a = await startSshServer(dev, { host: '127.0.0.1', port: 0 })
    const fp = a.hostKey.fingerprint
    await a.close()
    const b = await start(dev)
    expect(b.hostKey.fingerprint).toBe(fp)
    const c = await connect(b.port)
    const closed = new Promise<void>((resolve) => c.on('close', () => resolve()))
    dev.reboot()
    await closed
    await expect(connect(b.port)).rejects.toThrow(/ECONNREFUSED/)
    clock.advance(1000)
    await b.settled()
    const again = await connect(b.port)
    expect((await exec(again, '/system identity print')).code).toBe(0)
  })

  it('follows the device faults: refused, silently dropped, login failure', async () => {
    const dev = new SimRouter({ persona: 'chr-7.18', name: 'ssh-g' })
    const h = await start(dev)
    dev.faults.set({ unreachable: 'refused' })
    await h.settled()
    await expect(connect(h.port)).rejects.toThrow(/ECONNREFUSED/)
    dev.faults.set({ unreachable: 'drop' })
    await h.settled()
    const silent = new Promise<string>((resolve) => {
      const c = new ssh2.Client()
      c.on('error', (e) => resolve(e.message))
      c.connect({
        host: '127.0.0.1',
        port: h.port,
        username: 'admin',
        password: '',
        readyTimeout: 400,
      })
    })
    expect(await silent).toMatch(/Timed out while waiting for handshake/)
    dev.faults.set({ unreachable: 'none', loginFailure: true })
    await h.settled()
    await expect(connect(h.port)).rejects.toThrow(/authentication/i)
    dev.faults.set({ loginFailure: false, stall: true })
    const stalled = await connect(h.port)
    const answered = await Promise.race([
      exec(stalled, '/system identity print').then(() => 'answered'),
      new Promise<string>((r) => setTimeout(() => r('no answer'), 300)),
    ])
    expect(answered).toBe('no answer')
    dev.faults.reset()
    expect((await exec(await connect(h.port), '/system identity print')).code).toBe(0)
  })

  it('works with the OpenSSH ssh and sftp clients, and its fingerprint matches ssh-keygen', async () => {
    const dev = new SimRouter({ persona: 'chr-7.18', name: 'ssh-f' })
    const h = await start(dev)
    const dir = mkdtempSync(join(tmpdir(), 'sim-ssh-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'key.pub'), h.hostKey.publicKey + '\n')
    const kg = await run('ssh-keygen', ['-l', '-f', join(dir, 'key.pub')])
    expect(kg.stdout).toContain(h.hostKey.fingerprint)
    const { stdout } = await run('ssh', [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      `UserKnownHostsFile=${join(dir, 'known')}`,
      '-p',
      String(h.port),
      'admin@127.0.0.1',
      '/system identity print',
    ])
    expect(stdout).toBe(`  name: ${dev.identity}\r\n`)
    writeFileSync(join(dir, 'local.txt'), 'uploaded by openssh\n')
    dev.writeFile('on-device.rsc', '/system identity set name=x\n')
    writeFileSync(
      join(dir, 'batch'),
      `put ${join(dir, 'local.txt')} up.txt\nget on-device.rsc ${join(dir, 'down.rsc')}\n`,
    )
    await run('sftp', [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      `UserKnownHostsFile=${join(dir, 'known')}`,
      '-P',
      String(h.port),
      '-b',
      join(dir, 'batch'),
      'admin@127.0.0.1',
    ])
    expect(dev.readFile('up.txt')?.contents).toBe('uploaded by openssh\n')
    expect(readFileSync(join(dir, 'down.rsc'), 'utf8')).toBe('/system identity set name=x\n')
  })
})
