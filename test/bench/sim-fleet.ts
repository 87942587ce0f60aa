// Simulator fleet benchmark: (1) 1,000 devices in this process (API, API-SSL and SSH each):
// startup time and RSS per device; (2) 10,000 devices through the CLI (`src/sim/cli.ts`, split
// over worker processes because one process may hold at most `ulimit -n` sockets): time until
// every JSON line is printed, total RSS of the simulator processes, and a login + identity print
// on the first, middle and last device. Ports: SIM_BENCH_BASE_PORT (default 2100, so the 30,000
// ports stay below the kernel's ephemeral range) + 3 per device. SIM_BENCH_DEVICES overrides 10,000.
import { spawn } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { connect } from '../../src/routeros/index.ts'
import { startFleet } from '../../src/sim/fleet.ts'
import type { FleetDeviceInfo } from '../../src/sim/fleet.ts'

const DEVICES = Number(process.env.SIM_BENCH_DEVICES ?? 10_000)
const BASE_PORT = Number(process.env.SIM_BENCH_BASE_PORT ?? 2100)
const CLI = resolve(import.meta.dirname, '../../src/sim/cli.ts')
const rows: [string, string][] = []
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return Number(m?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = []
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
    if (list) out.push(...list.split(/\s+/).map(Number))
  }
  return out
}

async function inProcess(n: number): Promise<void> {
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  const t0 = performance.now()
  const fleet = await startFleet({ devices: n })
  const ms = performance.now() - t0
  const after = process.memoryUsage().rss
  rows.push([`in-process: ${n} devices started`, `${(ms / 1000).toFixed(2)} s`])
  rows.push([`in-process: RSS growth per device`, `${((after - before) / n / 1024).toFixed(1)} KB`])
  await fleet.stop()
}

async function identity(d: FleetDeviceInfo): Promise<string> {
  const s = await connect({
    host: d.host,
    port: d.apiPort,
    username: d.username,
    password: d.password,
  })
  try {
    const r = await s.print('/system/identity')
    return String(r[0]?.name ?? '')
  } finally {
    await s.close()
  }
}

async function viaCli(n: number): Promise<void> {
  const t0 = performance.now()
  const child = spawn(
    process.execPath,
    [CLI, '--devices', String(n), '--base-port', String(BASE_PORT)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
  const lines: FleetDeviceInfo[] = []
  await new Promise<void>((res, rej) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      lines.push(JSON.parse(l) as FleetDeviceInfo)
      if (lines.length === n) res()
    })
    void exited.then((c) => rej(new Error(`simulator exited early with code ${c}`)))
  })
  const ms = performance.now() - t0
  const pids = [child.pid as number, ...childrenOf(child.pid as number)]
  const rss = pids.reduce((a, p) => a + rssOf(p), 0)
  rows.push([`CLI: ${n} devices listening (JSON lines printed)`, `${(ms / 1000).toFixed(1)} s`])
  rows.push([`CLI: processes (master + workers)`, String(pids.length)])
  rows.push([`CLI: total RSS`, `${mb(rss)} (${(rss / n / 1024).toFixed(0)} KB per device)`])
  for (const d of [lines[0], lines[Math.floor(n / 2)], lines[n - 1]]) {
    if (!d) continue
    const name = await identity(d)
    if (name !== d.name) throw new Error(`device ${d.name} answered identity ${name}`)
  }
  rows.push([`CLI: API login + identity on first, middle, last`, 'ok'])
  const t1 = performance.now()
  child.kill('SIGTERM')
  const code = await exited
  rows.push([
    `CLI: shutdown after SIGTERM (exit ${code})`,
    `${((performance.now() - t1) / 1000).toFixed(1)} s`,
  ])
}

await inProcess(1000)
await viaCli(DEVICES)
const w = Math.max(...rows.map(([k]) => k.length))
process.stdout.write(`simulator fleet (${new Date().toISOString()})\n`)
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`)
process.exit(0)
