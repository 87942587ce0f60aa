// The container image under a fleet (issue 16, "Numbers"): Outpost runs inside its OCI image with
// podman (the arm64 image under qemu-user-static via binfmt_misc on this x86 machine), N simulated
// routers run outside it on loopback (`npm run sim`, host network), devices are added through
// POST /api/v1/devices with an API key, and for a measuring window it samples the container's RSS
// (its PID 1 from the host: under qemu-user that includes qemu's translation cache) and every
// device's last_polled_at from the database in the bind-mounted /data. Poll timeliness: the gaps
// between two polls of a device against its 60 s interval. Reported, not asserted.
// Usage (root, after `npm run build:oci -- --arch arm64`):
//   node test/bench/container-fleet.ts [--arch arm64] [--devices 500] [--measure-s 300]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { adminApiKey } from './support/browser-admin.ts'

const argv = process.argv.slice(2)
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? (argv[i + 1] ?? dflt) : dflt
}
const ARCH = arg('arch', 'arm64')
const N = Number(arg('devices', '500'))
const MEASURE_S = Number(arg('measure-s', '300'))
const INTERVAL_S = 60
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PLATFORM: Record<string, string> = {
  amd64: 'linux/amd64',
  arm64: 'linux/arm64',
  armv7: 'linux/arm/v7',
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function podman(args: string[]): string {
  const r = spawnSync('podman', args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr || r.error?.message}`)
  return r.stdout.trim()
}

function rssMb(pid: number): number {
  return (
    Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  )
}

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(f[11]) + Number(f[12])
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN

async function main(): Promise<string> {
  const tar = join(ROOT, 'dist', 'oci', `outpost-${ARCH}.tar`)
  const image = /Loaded image(?:\(s\))?: (\S+)/.exec(podman(['load', '-i', tar]))?.[1]
  if (image === undefined) throw new Error(`podman load ${tar} printed no image name`)
  const dir = mkdtempSync(join(tmpdir(), 'outpost-container-fleet-'))
  chownSync(dir, 10001, 10001)
  const port = 31_000 + Math.floor(Math.random() * 5_000)
  const base = `http://127.0.0.1:${port}`
  const name = `outpost-fleet-${process.pid}`
  let sim: ChildProcess | undefined
  try {
    const t0 = Date.now()
    podman([
      'run',
      '-d',
      '--name',
      name,
      '--runtime',
      'runc',
      '--platform',
      PLATFORM[ARCH] ?? ARCH,
      '--network',
      'host',
      '--ulimit',
      'nofile=4096:4096',
      '--ulimit',
      'nproc=4096:4096',
      '--no-healthcheck',
      '-v',
      `${dir}:/data`,
      '-e',
      `OUTPOST_PORT=${port}`,
      '-e',
      'OUTPOST_HOST=127.0.0.1',
      '-e',
      'OUTPOST_HTTPS_PORT=0',
      '-e',
      'OUTPOST_RECOVERY_PORT=0',
      '-e',
      'OUTPOST_LOG_LEVEL=warn',
      image,
    ])
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/health`).catch(() => undefined))?.ok === true) break
      if (i > 600) throw new Error('no /health within 300 s')
      await sleep(500)
    }
    const startS = (Date.now() - t0) / 1000
    const pid = Number(podman(['inspect', '-f', '{{.State.Pid}}', name]))
    const key = await adminApiKey(
      base,
      readFileSync(join(dir, 'initial-admin-password'), 'utf8').split('\n')[0] ?? '',
    )
    await sleep(5000)
    const idle = rssMb(pid)
    sim = spawn(
      'npm',
      [
        'run',
        '--silent',
        'sim',
        '--',
        '--devices',
        String(N),
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
      devices.push({
        name: d.name,
        host: d.host,
        apiPort: d.apiPort,
        username: d.username,
        password: d.password,
        transport: 'api',
      })
      if (devices.length >= N) break
    }
    const r = await fetch(`${base}/api/v1/devices`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(devices),
    })
    if (r.status !== 201)
      throw new Error(`adding devices answered ${r.status}: ${(await r.text()).slice(0, 300)}`)
    const load0 = loadavg()[0] as number
    const db = new Database(join(dir, 'outpost.db'), { readonly: true, fileMustExist: true })
    const last = new Map<string, number>()
    const gaps: number[] = []
    let peak = 0
    let cpu0 = cpuTicks(pid)
    let tCpu = Date.now()
    // the first cycle opens every connection at once; the window starts after it
    await sleep(INTERVAL_S * 1000)
    cpu0 = cpuTicks(pid)
    tCpu = Date.now()
    const end = Date.now() + MEASURE_S * 1000
    while (Date.now() < end) {
      peak = Math.max(peak, rssMb(pid))
      for (const row of db.prepare('SELECT id, last_polled_at AS at FROM devices').all() as {
        id: string
        at: number | null
      }[]) {
        if (row.at === null) continue
        const prev = last.get(row.id)
        if (prev !== undefined && row.at > prev) gaps.push((row.at - prev) / 1000)
        last.set(row.id, row.at)
      }
      await sleep(2000)
    }
    const polled = (
      db.prepare('SELECT count(*) AS n FROM devices WHERE last_polled_at IS NOT NULL').get() as {
        n: number
      }
    ).n
    db.close()
    const cpu = ((cpuTicks(pid) - cpu0) / 100 / ((Date.now() - tCpu) / 1000)) * 100
    const onTime = gaps.filter((g) => g <= INTERVAL_S + 5).length
    return (
      `${ARCH} container, ${N} devices (interval ${INTERVAL_S} s, window ${MEASURE_S} s): start to /health ${startS.toFixed(1)} s; ` +
      `RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, end ${rssMb(pid).toFixed(0)} MB; ` +
      `devices polled ${polled}/${N}; poll gaps ${gaps.length}: ${((onTime / Math.max(1, gaps.length)) * 100).toFixed(1)} % within interval+5 s, ` +
      `p50 ${pct(gaps, 50).toFixed(1)} s, p95 ${pct(gaps, 95).toFixed(1)} s, max ${Math.max(...gaps).toFixed(1)} s; ` +
      `CPU ${cpu.toFixed(0)} % of one core; load ${load0.toFixed(1)}→${(loadavg()[0] as number).toFixed(1)}`
    )
  } finally {
    if (sim?.pid !== undefined && sim.exitCode === null) process.kill(-sim.pid, 'SIGTERM')
    spawnSync('podman', ['rm', '-f', name], { stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
}

process.stdout.write(`${await main()}\n`)
process.exit(0)
