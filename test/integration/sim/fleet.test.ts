import { execFile, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import ssh2 from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { startFleet, devicePorts, deviceName, nthAddress } from '../../../src/sim/fleet.ts'
import type { Fleet, FleetDeviceInfo } from '../../../src/sim/fleet.ts'

const run = promisify(execFile)
const CLI = resolve(import.meta.dirname, '../../../src/sim/cli.ts')
const stops: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const s of stops.splice(0)) await s()
})

function sshExec(port: number, cmd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const c = new ssh2.Client()
    c.on('ready', () =>
      c.exec(cmd, (err, ch) => {
        if (err) return reject(err)
        let out = ''
        ch.on('data', (d: Buffer) => (out += d.toString()))
        ch.on('close', () => {
          c.end()
          resolvePromise(out)
        })
      }),
    ).on('error', reject)
    c.connect({ host: '127.0.0.1', port, username: 'admin', password: '', readyTimeout: 10_000 })
  })
}

/** Independent check with Debian's python3-librouteros. */
async function pyIdentity(port: number): Promise<string> {
  const code = [
    'import sys, librouteros',
    `api = librouteros.connect(host='127.0.0.1', username='admin', password='', port=${port}, timeout=10)`,
    "print(list(api('/system/identity/print'))[0]['name'])",
  ].join('\n')
  const { stdout } = await run('/usr/bin/python3', ['-c', code], { timeout: 20_000 })
  return stdout.trim()
}

describe('fleet', () => {
  it('numbers ports and names devices by index', () => {
    expect(devicePorts(20000, 0)).toEqual({ api: 20000, apiSsl: 20001, ssh: 20002 })
    expect(devicePorts(20000, 10)).toEqual({ api: 20030, apiSsl: 20031, ssh: 20032 })
    expect(devicePorts(undefined, 5)).toEqual({ api: 0, apiSsl: 0, ssh: 0 })
    expect(deviceName('sim', 0)).toBe('sim-00001')
    expect(deviceName('x', 41, 2)).toBe('x-42')
    expect(nthAddress('127.1.0.1', 0)).toBe('127.1.0.1')
    expect(nthAddress('127.1.0.255', 2)).toBe('127.1.1.1')
    expect(devicePorts(undefined, 7, true)).toEqual({ api: 8728, apiSsl: 8729, ssh: 2222 })
  })

  it('puts devices on distinct loopback addresses with the same ports', async () => {
    await expect(startFleet({ devices: 2, hostRange: '127.255.255.255' })).rejects.toThrow(
      /loopback/,
    )
    const port = 20000 + Math.floor(Math.random() * 5000) * 3
    const fleet = await startFleet({ devices: 2, hostRange: '127.77.0.1', basePort: port })
    stops.push(() => fleet.stop())
    expect(fleet.info().map((i) => [i.host, i.apiPort, i.apiSslPort, i.sshPort])).toEqual([
      ['127.77.0.1', port, port + 1, port + 2],
      ['127.77.0.2', port, port + 1, port + 2],
    ])
    const code = `import librouteros\napi = librouteros.connect(host='127.77.0.2', username='admin', password='', port=${port})\nprint(list(api('/system/identity/print'))[0]['name'])`
    const { stdout } = await run('/usr/bin/python3', ['-c', code], { timeout: 20_000 })
    expect(stdout.trim()).toBe('sim-00002')
  })

  it('runs several devices in one process, controllable by name', async () => {
    const seed =
      '/system identity\nset name=seeded\n/ip address\nadd address=10.1.1.1/24 interface=ether2\n'
    const fleet: Fleet = await startFleet({
      devices: 3,
      persona: ['chr-7.18', 'hap-ac-6.49'],
      seedExport: seed,
    })
    stops.push(() => fleet.stop())
    const info = fleet.info()
    expect(info.map((i) => [i.name, i.persona])).toEqual([
      ['sim-00001', 'chr-7.18'],
      ['sim-00002', 'hap-ac-6.49'],
      ['sim-00003', 'chr-7.18'],
    ])
    expect(new Set(info.flatMap((i) => [i.apiPort, i.apiSslPort, i.sshPort])).size).toBe(9)
    const second = fleet.get('sim-00002')
    expect(second?.device.identity).toBe('seeded')
    expect(await pyIdentity(second?.apiPort ?? 0)).toBe('seeded')
    const exp = await sshExec(second?.sshPort ?? 0, '/ip address export')
    expect(exp).toContain('add address=10.1.1.1/24 interface=ether2')
    fleet.get('sim-00003')?.faults.set({ unreachable: 'refused' })
    await fleet.get('sim-00003')?.waitUntilUp()
    await expect(pyIdentity(info[2]?.apiPort ?? 0)).rejects.toThrow()
    expect(await pyIdentity(info[0]?.apiPort ?? 0)).toBe('seeded')
  })

  it('CLI prints one JSON line per device once they listen, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--devices', '2', '--persona', 'rb5009-7.15'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    stops.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
    })
    const lines: FleetDeviceInfo[] = []
    const rl = createInterface({ input: child.stdout })
    await new Promise<void>((r) =>
      rl.on('line', (l) => {
        lines.push(JSON.parse(l) as FleetDeviceInfo)
        if (lines.length === 2) r()
      }),
    )
    expect(lines.map((l) => l.name)).toEqual(['sim-00001', 'sim-00002'])
    for (const l of lines) {
      expect(l).toMatchObject({
        persona: 'rb5009-7.15',
        host: '127.0.0.1',
        username: 'admin',
        password: '',
      })
      expect(l.version).toMatch(/^7\.15/)
      expect(l.apiPort * l.apiSslPort * l.sshPort).toBeGreaterThan(0)
    }
    const one = lines[1] as FleetDeviceInfo
    expect(await pyIdentity(one.apiPort)).toBe('sim-00002')
    expect(await sshExec(one.sshPort, '/system identity print')).toBe('  name: sim-00002\r\n')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('CLI rejects bad arguments with a message', async () => {
    await expect(run(process.execPath, [CLI, '--devices', 'many'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--devices must be a non-negative integer'),
    })
  })
})
