// Server memory as a user gets it (ARCHITECTURE.md "Measuring"): `npm start` with its real flags
// and a fresh data directory, N simulated routers in other processes (`npm run sim`), devices
// added through POST /api/v1/devices with an API key, then the server process's RSS from
// /proc/PID/status — anonymous and file-backed — idle, at its peak while the fleet is added and
// first polled, and at the end of the measuring window, with the load average.
// Usage: node test/bench/fleet-memory.ts [--devices 500,10000] [--measure-s 120] [--env K=V ...]
// (`--env` adds variables to `npm start`'s environment, to try allocator or heap settings.)
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { adminApiKey } from './support/browser-admin.ts'

const argv = process.argv.slice(2)
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? (argv[i + 1] ?? dflt) : dflt
}
const SIZES = arg('devices', '500').split(',').map(Number)
const MEASURE_S = Number(arg('measure-s', '120'))
const EXTRA_ENV = Object.fromEntries(
  argv.flatMap((a, i) => (a === '--env' ? [(argv[i + 1] ?? '').split(/=(.*)/s).slice(0, 2)] : [])),
) as Record<string, string>
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Rss {
  rss: number
  anon: number
  file: number
}

function rssOf(pid: number): Rss {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0)
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 }
}

/** The node process running dist/server.mjs below `npm start` (npm → sh → node). */
function serverPid(root: number): number | undefined {
  const children = new Map<number, number[]>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)])
    } catch {
      // the process ended while we looked
    }
  }
  const todo = [root]
  while (todo.length > 0) {
    const p = todo.pop() as number
    try {
      // the node process itself, not the `sh -c "… node dist/server.mjs"` npm starts it with
      const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')
      if (args[0]?.endsWith('node') === true && args.includes('dist/server.mjs')) return p
    } catch {
      continue
    }
    todo.push(...(children.get(p) ?? []))
  }
  return undefined
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const fmt = (r: Rss) =>
  `${r.rss.toFixed(0)} MB (anon ${r.anon.toFixed(0)}, file ${r.file.toFixed(0)})`
const killGroup = (p: ChildProcess) => {
  if (p.pid !== undefined && p.exitCode === null) process.kill(-p.pid, 'SIGTERM')
}

async function run(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-fleet-memory-'))
  const port = 30_000 + Math.floor(Math.random() * 10_000)
  const base = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    OUTPOST_PORT: String(port),
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_LOG_LEVEL: 'warn',
    OUTPOST_DATA_DIR: join(dir, 'data'),
    ...EXTRA_ENV,
  }
  const server = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: 'ignore' })
  let sim: ChildProcess | undefined
  try {
    for (let i = 0; i < 240; i++) {
      if ((await fetch(`${base}/health`).catch(() => undefined))?.ok === true) break
      await sleep(500)
    }
    const pid = serverPid(server.pid as number)
    if (pid === undefined) throw new Error('server did not start')
    const key = await adminApiKey(
      base,
      readFileSync(join(dir, 'data', 'initial-admin-password'), 'utf8').split('\n')[0] ?? '',
    )
    await sleep(5000)
    const idle = rssOf(pid)
    sim = spawn(
      'npm',
      [
        'run',
        '--silent',
        'sim',
        '--',
        '--devices',
        String(n),
        '--services',
        'api',
        '--host-range',
        '127.3.0.1',
      ],
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    )
    const devices: Record<string, unknown>[] = []
    for await (const line of createInterface({ input: sim.stdout! })) {
      if (!line.includes('apiPort')) continue
      const d = JSON.parse(line) as {
        name: string
        host: string
        apiPort: number
        username: string
        password: string
      }
      // both casings, so the benchmark survives the API's move to camelCase
      devices.push({
        name: d.name,
        host: d.host,
        apiPort: d.apiPort,
        api_port: d.apiPort,
        username: d.username,
        password: d.password,
        transport: 'api',
      })
      if (devices.length >= n) break
    }
    const load0 = loadavg()[0] as number
    const cpu0 = cpuTicks(pid)
    let peak = rssOf(pid)
    const watch = setInterval(() => {
      const r = rssOf(pid)
      if (r.rss > peak.rss) peak = r
    }, 1000)
    for (let i = 0; i < devices.length; i += 1000) {
      const r = await fetch(`${base}/api/v1/devices`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(devices.slice(i, i + 1000)),
      })
      if (r.status !== 201)
        throw new Error(`adding devices answered ${r.status}: ${(await r.text()).slice(0, 200)}`)
    }
    const t0 = Date.now()
    await sleep(MEASURE_S * 1000)
    clearInterval(watch)
    const end = rssOf(pid)
    const cpu = ((cpuTicks(pid) - cpu0) / 100 / ((Date.now() - t0) / 1000)) * 100
    const load = `${load0.toFixed(1)}→${(loadavg()[0] as number).toFixed(1)}`
    return `devices ${n}: idle ${fmt(idle)}; peak ${fmt(peak)}; after ${MEASURE_S} s ${fmt(end)}; CPU ${cpu.toFixed(0)} % of one core; load ${load}`
  } finally {
    if (sim !== undefined) killGroup(sim)
    killGroup(server)
    await sleep(1500)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** utime + stime in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(f[11]) + Number(f[12])
}

if (Object.keys(EXTRA_ENV).length > 0)
  process.stdout.write(`extra environment: ${JSON.stringify(EXTRA_ENV)}\n`)
for (const n of SIZES) process.stdout.write(`${await run(n)}\n`)
process.exit(0)
