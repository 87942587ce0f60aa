// Benchmark body of test/bench/terminal.ts: the real appliance (startOutpost) polling DEVICES
// simulated routers (in a child process) every 10 s. Phase 1 measures the poller alone; phase 2
// the same with 20 terminal sessions open (10 devices × 2, 7 users × ≤ 3), each typing a key every
// 200 ms and a command every 3 s. Prints echo latency (p50/p95/p99), poll durations and polls
// done per phase, appliance CPU and the machine's load average.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import WebSocket from 'ws'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { startOutpost } from '../../../src/startup.ts'
import type { TestDeps } from '../../support/db.ts'
import { makeTenant, makeUser } from '../../support/login.ts'
import { sessionCookie } from '../../integration/remote-access/remote-harness.ts'

const DEVICES = Number(process.argv[2] ?? 40)
const PHASE_S = Number(process.argv[3] ?? 20)
const SESSIONS = 20
// bundled into .tmp/bench/: paths are taken from the repository root (npm runs benches there)
const root = process.cwd()
const here = join(root, 'test/bench/support')
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const pct = (a: number[], p: number) =>
  a.length === 0
    ? NaN
    : [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!
const ms = (n: number) => `${n.toFixed(1)} ms`

interface SimInfo {
  host: string
  apiPort: number
  sshPort: number
  username: string
  password: string
}

const child = spawn(process.execPath, [join(here, 'terminal-sim-child.ts'), String(DEVICES)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
})
const sims: SimInfo[] = []
await new Promise<void>((resolve) => {
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') resolve()
    else sims.push(JSON.parse(line) as SimInfo)
  })
})

const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-terminal-'))
const o = await startOutpost(
  {
    OUTPOST_DATA_DIR: dir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_ARGON2_PROFILE: 'light',
    OUTPOST_LOG_LEVEL: 'silent',
    OUTPOST_TERMINAL_RECORD: 'true',
  },
  { logDestination: new Writable({ write: (_c, _e, done) => done() }) },
)
const deps = o.deps as unknown as TestDeps
try {
  const tenant = await makeTenant(deps)
  const scope = forTenant(deps.kysely, tenant.id)
  const actor = { kind: 'user' as const, id: 'bench', name: 'bench', ip: null }
  const ids: string[] = []
  for (const [i, s] of sims.entries()) {
    const input = deviceCreateSchema.parse({
      name: `r${i}`,
      host: s.host,
      api_port: String(s.apiPort),
      ssh_port: String(s.sshPort),
      username: s.username,
      password: s.password,
      poll_interval_s: '10',
    })
    const r = await addDevice({ deps, scope, actor }, input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error('device seed failed')
    ids.push(r.device.id)
  }
  await o.poller.poller.sync()
  const polls: number[] = []
  o.poller.poller.bus.on('device.polled', (e) => void polls.push(e.durationMs))

  const cookies: string[] = []
  for (let u = 0; u < Math.ceil(SESSIONS / 3); u++) {
    const user = await makeUser(deps, { memberships: [{ tenantId: tenant.id, role: 'operator' }] })
    cookies.push(await sessionCookie(deps, user.id, tenant.id))
  }

  const measure = async (label: string, during: () => Promise<void>) => {
    polls.length = 0
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    await during()
    const wall = performance.now() - t0
    const used = process.cpuUsage(cpu)
    const cpuPct = ((used.user + used.system) / 1000 / wall) * 100
    process.stdout.write(
      `${label}: ${polls.length} polls, duration p50 ${ms(pct(polls, 0.5))} p95 ${ms(pct(polls, 0.95))}; appliance CPU ${cpuPct.toFixed(0)} %; load average ${loadavg()[0]!.toFixed(1)}\n`,
    )
  }

  await sleep(12_000) // every device polled at least once: connections open
  await measure('poller alone', () => sleep(PHASE_S * 1000))

  const echoes: number[] = []
  const open = async (i: number) => {
    const deviceId = ids[Math.floor(i / 2) % ids.length]!
    const ws = new WebSocket(
      `${o.url.replace('http', 'ws')}/devices/${deviceId}/terminal/socket?cols=100&rows=30`,
      { headers: { Cookie: cookies[Math.floor(i / 3)]!, Origin: o.url } },
    )
    let out = ''
    let ready = false
    ws.on('message', (d, binary) => {
      if (binary) out += d.toString()
      else if ((JSON.parse(d.toString()) as { t: string }).t === 'ready') ready = true
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    while (!ready) await sleep(20)
    return { ws, out: () => out, drop: () => (out = '') }
  }
  const terms = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => open(i)))
  process.stdout.write(`${terms.length} terminal sessions open\n`)
  let running = true
  const typist = async (t: (typeof terms)[number], n: number) => {
    let k = 0
    await sleep(n * 10)
    while (running) {
      t.drop()
      const start = performance.now()
      t.ws.send(JSON.stringify({ t: 'i', d: '~' }))
      while (!t.out().includes('~') && running) await sleep(1)
      echoes.push(performance.now() - start)
      if (++k % 15 === 0) t.ws.send(JSON.stringify({ t: 'i', d: '\x03/system resource print\r' }))
      await sleep(200)
    }
  }
  await measure(`poller with ${SESSIONS} terminals typing`, async () => {
    const typing = terms.map((t, n) => typist(t, n))
    await sleep(PHASE_S * 1000)
    running = false
    await Promise.all(typing)
  })
  process.stdout.write(
    `keystroke → echo over ${echoes.length} keys: p50 ${ms(pct(echoes, 0.5))}, p95 ${ms(pct(echoes, 0.95))}, p99 ${ms(pct(echoes, 0.99))} (target < 50 ms)\n`,
  )
  for (const t of terms) t.ws.close(1000)
  await sleep(500)
} finally {
  await o.stop()
  child.kill()
  rmSync(dir, { recursive: true, force: true })
}
