import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import ssh2 from 'ssh2'
import { sshExec } from '../../../src/routeros/ssh.ts'
import type { SshExecResult } from '../../../src/routeros/ssh.ts'
import { RouterOsError } from '../../../src/routeros/errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'ros-ssh-'))
const BIG = 'x'.repeat(79) + '\n'
const BIG_LINES = 40_000 // 3.2 MB, more than the 2 MiB channel window

function keygen(name: string, type = 'ed25519'): { priv: string; pub: string; fp: string } {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file])
  const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`])
    .toString()
    .split(' ')[1] as string
  return { priv: readFileSync(file, 'utf8'), pub: readFileSync(`${file}.pub`, 'utf8'), fp }
}

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1')
  await new Promise((r) => srv.once('listening', r))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

async function fails(p: Promise<SshExecResult>): Promise<RouterOsError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(RouterOsError)
    return e as RouterOsError
  }
  throw new Error('expected a rejection')
}

describe('sshExec against an ssh2 server', () => {
  const hostKey = keygen('ssh2_host')
  const other = keygen('other_host')
  let server: ssh2.Server
  let port = 0
  const ptyRequests: string[] = []

  beforeAll(async () => {
    server = new ssh2.Server({ hostKeys: [hostKey.priv] }, (client) => {
      client.on('error', () => undefined)
      client.on('authentication', (ctx) =>
        ctx.method === 'password' && ctx.username === 'admin' && ctx.password === 'pw'
          ? ctx.accept()
          : ctx.reject(['password']),
      )
      client.on('ready', () =>
        client.on('session', (accept) => {
          const session = accept()
          session.on('pty', () => ptyRequests.push('pty'))
          session.on('exec', (acc, _rej, info) => {
            const ch = acc()
            if (info.command === '/export') {
              ch.stderr.write('warn\n')
              ch.write(BIG.repeat(BIG_LINES))
              ch.exit(0)
            } else if (info.command === 'hang') return
            else if (info.command === 'flood-stderr') {
              // a device printing errors without end: stderr counts towards the output cap too
              const junk = Buffer.alloc(32 * 1024, 0x65)
              let open = true
              ch.on('close', () => (open = false))
              const pump = (): void => {
                while (open) if (!ch.stderr.write(junk)) return void ch.stderr.once('drain', pump)
              }
              return pump()
            } else ch.exit(3)
            ch.end()
          })
        }),
      )
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as net.AddressInfo).port
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const base = () => ({ host: '127.0.0.1', port, username: 'admin', password: 'pw' })

  it('returns full output of a large export, exit code and host key (first contact)', async () => {
    const r = await sshExec({ ...base(), command: '/export' })
    expect(r.stdout.length).toBe(BIG.length * BIG_LINES)
    expect(r.stderr).toBe('warn\n')
    expect(r.exitCode).toBe(0)
    expect(r.hostKey).toBe(hostKey.fp)
    expect(ptyRequests).toEqual([])
    expect((await sshExec({ ...base(), command: 'other', hostKey: r.hostKey })).exitCode).toBe(3)
  })
  it('refuses a changed host key and names both fingerprints', async () => {
    const e = await fails(sshExec({ ...base(), command: '/export', hostKey: other.fp }))
    expect(e.code).toBe('host_key_mismatch')
    expect(e.message).toContain(other.fp)
    expect(e.message).toContain(hostKey.fp)
  })
  it('reports bad credentials, command timeouts and oversized output', async () => {
    expect((await fails(sshExec({ ...base(), password: 'no', command: '/export' }))).code).toBe(
      'ssh',
    )
    expect((await fails(sshExec({ ...base(), command: 'hang', timeoutMs: 200 }))).code).toBe(
      'command_timeout',
    )
    const big = await fails(sshExec({ ...base(), command: '/export', maxOutputBytes: 1000 }))
    expect(big.code).toBe('reply_too_large')
    expect(big.message).toBe(
      'ssh /export: the device sent more than 1,000 bytes (connection closed)',
    )
    const flood = await fails(
      sshExec({
        ...base(),
        command: 'flood-stderr',
        maxOutputBytes: 1024 * 1024,
        timeoutMs: 10_000,
      }),
    )
    expect(flood.code).toBe('reply_too_large')
    expect(flood.message).toContain('more than 1 MiB')
  })
})

describe('sshExec against OpenSSH sshd', () => {
  let sshd: ChildProcess | undefined
  let port = 0
  const client = keygen('client_key')
  const host = keygen('sshd_host')

  beforeAll(async () => {
    port = await freePort()
    mkdirSync('/run/sshd', { recursive: true })
    writeFileSync(join(dir, 'authorized_keys'), client.pub, { mode: 0o600 })
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'sshd_host')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'PermitRootLogin prohibit-password',
      'KbdInteractiveAuthentication no',
    ].join('\n')
    writeFileSync(join(dir, 'sshd_config'), `${config}\n`)
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: 'ignore',
    })
    for (let i = 0; i < 100; i++) {
      const up = await new Promise((r) =>
        net
          .connect(port, '127.0.0.1')
          .once('connect', function (this: net.Socket) {
            this.destroy()
            r(true)
          })
          .once('error', () => r(false)),
      )
      if (up) break
      await new Promise((r) => setTimeout(r, 50))
    }
  })
  afterAll(() => {
    sshd?.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs without a PTY, returns output and exit code, pins the key like OpenSSH', async () => {
    const user = execFileSync('id', ['-un']).toString().trim()
    const opts = { host: '127.0.0.1', port, username: user, privateKey: client.priv }
    const r = await sshExec({
      ...opts,
      command: `head -c 3000000 /dev/zero | tr '\\0' y; tty; exit 4`,
    })
    expect(r.stdout.length).toBe(3_000_000 + 'not a tty\n'.length)
    expect(r.stdout.endsWith('not a tty\n')).toBe(true)
    expect(r.exitCode).toBe(4)
    expect(r.hostKey).toBe(host.fp)
    const again = await sshExec({ ...opts, command: 'echo ok', hostKey: r.hostKey })
    expect(again.stdout).toBe('ok\n')
    const e = await fails(sshExec({ ...opts, command: 'echo ok', hostKey: client.fp }))
    expect(e.message).toBe(`SSH host key mismatch: expected ${client.fp}, got ${host.fp}`)
  })
})

describe('sshExec against the simulator SSH server', () => {
  it('exports the configuration and pins the simulated host key', async () => {
    const { startDevice } = await import('../../../src/sim/index.ts')
    const sim = await startDevice({
      persona: 'rb5009-7.15',
      services: { ssh: true, api: false, apiSsl: false },
    })
    try {
      const opts = {
        host: sim.host,
        port: sim.sshPort,
        username: sim.username,
        password: sim.password,
      }
      const r = await sshExec({ ...opts, command: '/export' })
      expect(r.stdout).toMatch(/^# .* by RouterOS 7\.15/)
      expect(r.stdout).toContain('/interface bridge')
      expect(r.hostKey).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
      const id = await sshExec({ ...opts, command: '/system identity print', hostKey: r.hostKey })
      expect(id.stdout).toContain('name: MikroTik')
    } finally {
      await sim.close()
    }
  })
})
