// Shared by the crash-safety and soak benchmarks: the product as a user runs it. The built
// dist/server.mjs started with the `npm start` flags, a temp data directory, loopback only; a
// signed-in admin who creates a tenant and an operator API key; simulated routers in separate
// processes (healthy ones from the simulator CLI, faulty ones from faulty-fleet-child.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Browser } from '../../support/http-browser.ts'

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
export const SERVER_FILE = join(ROOT, 'dist', 'server.mjs')
export const CLI_FILE = join(ROOT, 'dist', 'cli.mjs')
/** the `npm start` flags (package.json "start") */
export const NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=256']
export const METRICS_TOKEN = 'bench-metrics-token-0123456789'

// every child this benchmark starts, killed when it exits for any reason (a failed setup step
// must not leave simulators or a server behind)
const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM')
})
function track(c: ChildProcess): ChildProcess {
  children.add(c)
  c.once('exit', () => children.delete(c))
  return c
}

/** `npm run bench` builds first; a script run alone builds when dist/ is missing. */
export function ensureBuilt(): void {
  if (existsSync(SERVER_FILE) && existsSync(CLI_FILE)) return
  const r = spawnSync(process.execPath, ['build.ts'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('build failed')
}

export interface Server {
  url: string
  child: ChildProcess
  pid: number
  /** set when the process exited (code or signal) */
  exit: { code: number | null; signal: string | null } | undefined
  stderr: string
  startMs: number
}

export function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_PORT: '0',
    OUTPOST_HOST: '127.0.0.1',
    OUTPOST_METRICS_TOKEN: METRICS_TOKEN,
  }
}

export async function startServer(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Server> {
  const t0 = performance.now()
  const child = track(
    spawn(process.execPath, [...NODE_FLAGS, SERVER_FILE], {
      cwd: ROOT,
      env: { ...serverEnv(dataDir), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  const s: Server = {
    url: '',
    child,
    pid: child.pid as number,
    exit: undefined,
    stderr: '',
    startMs: 0,
  }
  child.stderr?.on('data', (d) => (s.stderr = (s.stderr + String(d)).slice(-8000)))
  child.on('exit', (code, signal) => (s.exit = { code, signal }))
  s.url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${s.stderr}`)), 60_000)
    child.once('exit', (code) => fail(new Error(`server exited (${code}): ${s.stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return
      const parsed = JSON.parse(line) as { msg?: string; url?: string; level?: number }
      if ((parsed.level ?? 0) >= 50) s.stderr = (s.stderr + line + '\n').slice(-8000)
      if (parsed.msg === 'outpost listening' && parsed.url) {
        clearTimeout(timer)
        ok(parsed.url)
      }
    })
  })
  s.startMs = performance.now() - t0
  return s
}

export async function stopServer(s: Server): Promise<void> {
  if (s.exit) return
  const exited = new Promise((ok) => s.child.once('exit', ok))
  s.child.kill('SIGTERM')
  await exited
}

export async function kill9(s: Server): Promise<void> {
  if (s.exit) return
  const exited = new Promise((ok) => s.child.once('exit', ok))
  s.child.kill('SIGKILL')
  await exited
}

/** RSS of a process in MB, split as /proc/PID/status splits it. */
export function rssOf(pid: number): { rss: number; anon: number; file: number; shmem: number } {
  const txt = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(txt)?.[1] ?? 0) / 1024
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') }
}

export function loadAvg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}

/** Signs in as the initial admin, sets a password, creates a tenant and returns an operator API key. */
export async function setUpTenant(url: string, dataDir: string): Promise<string> {
  return operatorKey(await setUpTenantAdmin(url, dataDir))
}

/** A new operator API key of the signed-in tenant admin `a`. */
export async function operatorKey(a: Browser): Promise<string> {
  const key = await a.req(
    'POST',
    '/api/v1/api-keys',
    { json: { name: 'bench', role: 'operator' } },
    { 'X-CSRF-Token': await a.token('/') },
  )
  const text = await key.text()
  const tok = /"token":"(opk_[^"]+)"/.exec(text)?.[1]
  if (key.status !== 201 || !tok)
    throw new Error(`API key not created (${key.status}): ${text.slice(0, 300)}`)
  return tok
}

/** As setUpTenant, up to the tenant's admin signed in: returns that admin's session. */
export async function setUpTenantAdmin(url: string, dataDir: string): Promise<Browser> {
  const b = new Browser(url)
  const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim()
  await b.req('POST', '/login', {
    form: { username: 'admin', password: first, _csrf: await b.token('/login') },
  })
  const pw = 'bench passphrase for the soak'
  const changed = await b.req('POST', '/account/password', {
    form: {
      currentPassword: first,
      newPassword: pw,
      confirmPassword: pw,
      _csrf: await b.token('/account/password'),
    },
  })
  if (changed.status !== 303) throw new Error(`password change answered ${changed.status}`)
  const created = await b.req('POST', '/tenants', {
    form: { name: 'Bench Co', _csrf: await b.token('/tenants') },
  })
  const tenantId = /\/tenants\/([0-9A-Z]{26})$/.exec(created.headers.get('location') ?? '')?.[1]
  if (!tenantId) throw new Error(`tenant not created (${created.status})`)
  await b.req('POST', '/session/tenant', {
    form: { tenantId, returnTo: '/', _csrf: await b.token('/') },
  })
  // an API key acts for its creator, who must be a member of the tenant: a tenant admin creates it
  const user = await b.req(
    'POST',
    '/api/v1/users',
    { json: { username: 'bench-admin', role: 'admin' } },
    { 'X-CSRF-Token': await b.token('/') },
  )
  const temp = ((await user.json()) as { temporaryPassword?: string }).temporaryPassword
  if (user.status !== 201 || !temp) throw new Error(`tenant admin not created (${user.status})`)
  const a = new Browser(url)
  await a.req('POST', '/login', {
    form: { username: 'bench-admin', password: temp, _csrf: await a.token('/login') },
  })
  const set = await a.req('POST', '/account/password', {
    form: {
      currentPassword: temp,
      newPassword: pw,
      confirmPassword: pw,
      _csrf: await a.token('/account/password'),
    },
  })
  if (set.status !== 303) throw new Error(`tenant admin password change answered ${set.status}`)
  return a
}

export function api(url: string, key: string) {
  return async (method: string, path: string, json?: unknown): Promise<Response> =>
    fetch(url + '/api/v1' + path, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    })
}

export interface SimInfo {
  name: string
  host: string
  apiPort: number
  username: string
  password: string
  fault?: string
}
export interface SimProcess {
  child: ChildProcess
  devices: SimInfo[]
}

/** Starts a simulator process and collects `want` JSON device lines from its stdout. */
async function collect(child: ChildProcess, want: number): Promise<SimProcess> {
  track(child)
  const devices: SimInfo[] = []
  if (want === 0) return { child, devices }
  let err = ''
  child.stderr?.on('data', (d) => (err = (err + String(d)).slice(-4000)))
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`simulator did not start: ${err}`)), 180_000)
    child.once('exit', (code) => fail(new Error(`simulator exited (${code}): ${err}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return
      devices.push(JSON.parse(line) as SimInfo)
      if (devices.length === want) {
        clearTimeout(timer)
        ok()
      }
    })
  })
  return { child, devices }
}

/** Healthy routers: the simulator's own fleet mode (`node src/sim/cli.ts`), API service only. */
export function startHealthyFleet(count: number): Promise<SimProcess> {
  const child = spawn(
    process.execPath,
    [
      'src/sim/cli.ts',
      '--devices',
      String(count),
      '--services',
      'api',
      '--persona',
      'rb5009-7.15,hap-ac-6.49,chr-7.18,hap-ax3-7.18',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return collect(child, count)
}

/**
 * Faulty routers (fault modes of README "Fault injection"), one mode per device round-robin;
 * BENCH_FAULT_MODES=endless-rows,stall limits the modes.
 */
export function startFaultyFleet(count: number): Promise<SimProcess> {
  const args = [String(count), '15000', '32300', process.env.BENCH_FAULT_MODES ?? '']
  const child = spawn(
    process.execPath,
    [join(ROOT, 'test/bench/support/faulty-fleet-child.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  return collect(child, count)
}

export async function stopSim(p: SimProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  const exited = new Promise((ok) => p.child.once('exit', ok))
  p.child.kill('SIGTERM')
  await exited
}

/** Adds the devices through POST /api/v1/devices (JSON arrays, no live check). */
export async function addDevices(
  call: ReturnType<typeof api>,
  sims: SimInfo[],
  pollIntervalS: number,
): Promise<void> {
  for (let i = 0; i < sims.length; i += 100) {
    const batch = sims.slice(i, i + 100).map((s) => ({
      name: s.name,
      host: s.host,
      apiPort: s.apiPort,
      username: s.username,
      password: s.password,
      pollIntervalS,
    }))
    const res = await call('POST', '/devices', batch)
    if (res.status !== 201)
      throw new Error(`adding devices answered ${res.status}: ${(await res.text()).slice(0, 500)}`)
  }
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v =
    i >= 0
      ? Number(process.argv[i + 1])
      : Number(process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback)
  return Number.isFinite(v) && v >= 0 ? v : fallback
}
