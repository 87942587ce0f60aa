/**
 * Simulator command line (runs directly on Node 24: `node src/sim/cli.ts`, or `npm run sim --`):
 *   --devices N [--persona NAME[,NAME…]] [--seed-export FILE.rsc] [--host 127.0.0.1]
 *   [--host-range 127.1.0.1] [--base-port P] [--services api,api-ssl,ssh] [--per-process M]
 *   [--mndp HOST:PORT] [--syslog HOST:PORT[/tcp]]
 * Once every device listens it prints one JSON line per device (name, persona, version, host,
 * apiPort, apiSslPort, sshPort, username, password, sshHostKey) and runs until SIGINT/SIGTERM.
 * Large fleets are split over worker processes so that no process exceeds its open-files limit.
 */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startFleet } from './fleet.ts'
import type { Fleet, FleetOptions } from './fleet.ts'

const USAGE = `usage: npm run sim -- --devices N [--persona NAME[,NAME...]] [--seed-export FILE.rsc]
       [--host 127.0.0.1 | --host-range 127.1.0.1] [--base-port P] [--services api,api-ssl,ssh]
       [--per-process M] [--mndp HOST:PORT] [--syslog HOST:PORT[/tcp]]\n`

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1' },
    persona: { type: 'string' },
    'seed-export': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'host-range': { type: 'string' },
    'base-port': { type: 'string' },
    'per-process': { type: 'string' },
    services: { type: 'string', default: 'api,api-ssl,ssh' },
    mndp: { type: 'string' },
    syslog: { type: 'string' },
    'first-index': { type: 'string' },
    'total-devices': { type: 'string' },
    worker: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

function fail(msg: string): never {
  process.stderr.write(`sim: ${msg}\n${USAGE}`)
  process.exit(2)
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer`)
  return n
}

function hostPort(
  name: string,
  v: string | undefined,
): { address: string; port: number; tcp: boolean } | undefined {
  if (v === undefined) return undefined
  const m = /^([^:]+):(\d+)(\/tcp)?$/.exec(v)
  if (!m) fail(`--${name} must look like 127.0.0.1:5678`)
  return { address: m[1] as string, port: Number(m[2]), tcp: m[3] !== undefined }
}

/** Soft limit of open files for this process (from /proc), or 1024 when unknown. */
function openFilesLimit(): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'))
    return m?.[1] === 'unlimited' ? 1_000_000 : Number(m?.[1] ?? 1024)
  } catch {
    return 1024
  }
}

function services(): { api: boolean; apiSsl: boolean; ssh: boolean } {
  const list = values.services.split(',').map((x) => x.trim())
  const bad = list.filter((x) => !['api', 'api-ssl', 'ssh'].includes(x))
  if (bad.length > 0 || list.length === 0) fail(`unknown service in --services: ${bad.join(',')}`)
  return { api: list.includes('api'), apiSsl: list.includes('api-ssl'), ssh: list.includes('ssh') }
}

function fleetOptions(devices: number): FleetOptions {
  const mndp = hostPort('mndp', values.mndp)
  const syslog = hostPort('syslog', values.syslog)
  const seedFile = values['seed-export']
  let seedExport: string | undefined
  if (seedFile !== undefined) {
    try {
      seedExport = readFileSync(seedFile, 'utf8')
    } catch (err) {
      fail(
        `cannot read --seed-export ${seedFile}: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
  }
  const total = int('total-devices', values['total-devices']) ?? devices
  const basePort = int('base-port', values['base-port'])
  return {
    devices,
    host: values.host,
    firstIndex: int('first-index', values['first-index']) ?? 0,
    nameDigits: Math.max(5, String(total).length),
    services: services(),
    ...(values.persona ? { persona: values.persona.split(',') } : {}),
    ...(seedExport !== undefined ? { seedExport } : {}),
    ...(basePort !== undefined ? { basePort } : {}),
    ...(values['host-range'] !== undefined ? { hostRange: values['host-range'] } : {}),
    ...(mndp ? { mndp: { address: mndp.address, port: mndp.port } } : {}),
    ...(syslog
      ? {
          syslog: {
            address: syslog.address,
            port: syslog.port,
            protocol: syslog.tcp ? 'tcp' : 'udp',
          },
        }
      : {}),
  }
}

async function runInProcess(devices: number, onReady: (f: Fleet) => void): Promise<void> {
  let fleet: Fleet
  try {
    fleet = await startFleet(fleetOptions(devices))
  } catch (err) {
    fail(`could not start the fleet: ${err instanceof Error ? err.message : String(err)}`)
  }
  onReady(fleet)
  const stop = (): void => {
    fleet.stop().then(
      () => process.exit(0),
      (err: unknown) =>
        fail(`could not stop the fleet: ${err instanceof Error ? err.message : String(err)}`),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  process.once('disconnect', stop)
}

function printLines(lines: string[]): void {
  process.stdout.write(lines.map((l) => l + '\n').join(''))
}

/** Splits the fleet over worker processes and prints their lines in device order. */
async function runWorkers(devices: number, perProcess: number): Promise<void> {
  const self = fileURLToPath(import.meta.url)
  const passthrough = process.argv
    .slice(2)
    .filter((a, i, all) => a !== '--devices' && all[i - 1] !== '--devices')
  const children: ChildProcess[] = []
  const outputs: string[][] = []
  const ready: Promise<void>[] = []
  for (let start = 0, w = 0; start < devices; start += perProcess, w++) {
    const count = Math.min(perProcess, devices - start)
    const child = fork(
      self,
      [
        ...passthrough,
        '--devices',
        String(count),
        '--first-index',
        String(start),
        '--total-devices',
        String(devices),
        '--worker',
      ],
      { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
    )
    children.push(child)
    const lines: string[] = []
    outputs[w] = lines
    ready.push(
      new Promise((resolve, reject) => {
        const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream })
        rl.on('line', (l) => {
          if (l === '{"ready":true}') resolve()
          else lines.push(l)
        })
        child.once('exit', (code) => reject(new Error(`worker ${w} exited with code ${code}`)))
      }),
    )
  }
  const stopAll = (): void => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
    const exits = children
      .filter((c) => c.exitCode === null)
      .map((c) => new Promise((r) => c.once('exit', r)))
    void Promise.all(exits).then(() => process.exit(0))
  }
  process.once('SIGINT', stopAll)
  process.once('SIGTERM', stopAll)
  try {
    await Promise.all(ready)
  } catch (err) {
    process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`)
    stopAll()
    return
  }
  printLines(outputs.flat())
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const devices = int('devices', values.devices) ?? 1
  if (devices < 1) fail('--devices must be at least 1')
  const svc = services()
  const listeners = Number(svc.api) + Number(svc.apiSsl) + Number(svc.ssh)
  const fdsPerDevice = listeners + 2 // the listeners plus room for connections
  const perProcess =
    int('per-process', values['per-process']) ??
    Math.max(1, Math.floor((openFilesLimit() - 300) / fdsPerDevice))
  if (values['host-range'] !== undefined && !/^127\.\d+\.\d+\.\d+$/.test(values['host-range'])) {
    fail('--host-range must be a 127.x.y.z loopback address')
  }
  if (
    values['base-port'] === undefined &&
    values['host-range'] === undefined &&
    devices * listeners > 20_000
  ) {
    fail(
      `${devices} devices need ${devices * listeners} ports, more than the ephemeral range holds: pass --base-port`,
    )
  }
  if (values.worker) {
    return runInProcess(devices, (f) =>
      printLines([...f.info().map((i) => JSON.stringify(i)), '{"ready":true}']),
    )
  }
  if (devices <= perProcess)
    return runInProcess(devices, (f) => printLines(f.info().map((i) => JSON.stringify(i))))
  return runWorkers(devices, perProcess)
}

void main()
