// Issue 8 "a device that streams without end kills the appliance", against the REAL server: the
// built dist/server.mjs started as `npm start` starts it (256 MB old space, 2 MB semi-space), a
// temp data directory, devices added through /api/v1 with a signed-in session. Three simulated
// routers turn hostile after their first good poll (endless `!re` rows, one endless sentence,
// 15 MiB words) next to a healthy one. The server must stay up, answer /health, mark each hostile
// device offline with the error in plain words, keep the healthy one online, and its RSS must stay
// well under 400 MB the whole time (before the fix it died of heap exhaustion within seconds).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevice, type SimDevice } from '../../src/sim/index.ts'
import type { FaultSettings } from '../../src/sim/device/faults.ts'
import { Browser } from '../support/http-browser.ts'
import { buildServer, removeBuild } from './harness.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RSS_LIMIT_MB = 400
const HOSTILE: [string, Partial<FaultSettings>][] = [
  ['endless-rows', { endlessRows: true }],
  ['endless-sentence', { endlessSentence: true }],
  ['huge-words', { hugeWords: true }],
]

interface Server {
  url: string
  child: ChildProcess
  dataDir: string
  exit: { code: number | null; signal: string | null } | undefined
  stderr: string
}

let serverFile: string
let server: Server
const sims = new Map<string, SimDevice>()
const rss: number[] = []
let sampler: NodeJS.Timeout | undefined

/** Starts the bundle exactly as `npm start` does (same V8 memory flags). */
async function startAsNpmStart(file: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-hostile-'))
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=2', '--max-old-space-size=256', file],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        OUTPOST_DATA_DIR: dataDir,
        OUTPOST_PORT: '0',
        OUTPOST_HOST: '127.0.0.1',
        OUTPOST_LOG_LEVEL: 'info',
        OUTPOST_ARGON2_PROFILE: 'light',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const s: Server = { url: '', child, dataDir, exit: undefined, stderr: '' }
  child.stderr?.on('data', (d) => (s.stderr = (s.stderr + String(d)).slice(-4000)))
  child.on('exit', (code, signal) => (s.exit = { code, signal }))
  s.url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${s.stderr}`)), 30_000)
    child.once('exit', (code) => fail(new Error(`server exited (${code}): ${s.stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = line.startsWith('{')
        ? (JSON.parse(line) as { msg?: string; url?: string })
        : {}
      if (parsed.msg === 'outpost listening' && parsed.url) {
        clearTimeout(timer)
        ok(parsed.url)
      }
    })
  })
  return s
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : 0
}

interface ApiDevice {
  name: string
  status: string
  lastError: string | null
}

async function devices(b: Browser): Promise<ApiDevice[]> {
  const res = await b.req('GET', '/api/v1/devices')
  expect(res.status).toBe(200)
  return ((await res.json()) as { devices: ApiDevice[] }).devices
}

async function waitFor<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe().catch(async (e: unknown) => {
      await new Promise((r) => setTimeout(r, 500)) // let the exit event arrive
      if (!server.exit) throw e
    })
    if (server.exit)
      throw new Error(
        `server died (${JSON.stringify(server.exit)}) waiting for ${what}: ${server.stderr}`,
      )
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

beforeAll(async () => {
  for (const name of ['healthy', ...HOSTILE.map(([n]) => n)]) {
    sims.set(
      name,
      await startDevice({
        persona: 'rb5009-7.15',
        name,
        services: { api: true, apiSsl: false, ssh: false },
      }),
    )
  }
  serverFile = await buildServer()
  server = await startAsNpmStart(serverFile)
  const pid = server.child.pid as number
  sampler = setInterval(() => {
    if (!server.exit) rss.push(rssMb(pid))
  }, 100)
}, 120_000)

afterAll(async () => {
  if (sampler) clearInterval(sampler)
  if (server && server.exit === undefined) {
    const exited = new Promise((ok) => server.child.once('exit', ok))
    server.child.kill('SIGTERM')
    await exited
  }
  if (server) rmSync(server.dataDir, { recursive: true, force: true })
  for (const sim of sims.values()) await sim.close()
  if (serverFile) removeBuild(serverFile)
})

describe('a hostile device against the real server', () => {
  it('stays up, answers /health, marks the devices in plain words, RSS bounded', async () => {
    const b = new Browser(server.url)
    // sign in as the initial admin, set a password, create a tenant and switch to it
    const first = readFileSync(join(server.dataDir, 'initial-admin-password'), 'utf8').trim()
    const signIn = await b.req('POST', '/login', {
      form: { username: 'admin', password: first, _csrf: await b.token('/login') },
    })
    expect(signIn.headers.get('location')).toBe('/account/password')
    const pw = 'hostile device e2e passphrase'
    const changed = await b.req('POST', '/account/password', {
      form: {
        currentPassword: first,
        newPassword: pw,
        confirmPassword: pw,
        _csrf: await b.token('/account/password'),
      },
    })
    expect(changed.status).toBe(303)
    const created = await b.req('POST', '/tenants', {
      form: { name: 'Hostile Co', _csrf: await b.token('/tenants') },
    })
    const tenantId = /\/tenants\/([0-9A-Z]{26})$/.exec(created.headers.get('location') ?? '')?.[1]
    expect(tenantId).toBeDefined()
    await b.req('POST', '/session/tenant', {
      form: { tenantId: tenantId as string, returnTo: '/', _csrf: await b.token('/') },
    })

    const add = await b.req(
      'POST',
      '/api/v1/devices',
      {
        json: [...sims].map(([name, sim]) => ({
          name,
          host: sim.host,
          apiPort: sim.apiPort,
          username: sim.username,
          password: sim.password,
          pollIntervalS: 10,
        })),
      },
      { 'X-CSRF-Token': await b.token('/') },
    )
    expect(add.status).toBe(201)
    await waitFor('every device online', 30_000, async () => {
      const list = await devices(b)
      return list.length === 4 && list.every((d) => d.status === 'online') ? list : undefined
    })

    // now they turn hostile; the next polls meet replies that never end
    const calm = Math.max(...rss)
    for (const [name, fault] of HOSTILE) sims.get(name)?.faults.set(fault)
    const marked = await waitFor('every hostile device marked', 45_000, async () => {
      const list = await devices(b)
      const bad = list.filter((d) => d.name !== 'healthy')
      return bad.every((d) => d.status === 'offline' && d.lastError !== null) ? list : undefined
    })
    const errorOf = (name: string) => marked.find((d) => d.name === name)?.lastError ?? ''
    expect(errorOf('endless-rows')).toMatch(
      /^The device sent too (many rows|much data): .*\(connection closed\)$/,
    )
    expect(errorOf('endless-sentence')).toMatch(
      /^The device sent an oversized reply: the device sent a sentence larger than 1 MiB \(connection closed\)$/,
    )
    expect(errorOf('huge-words')).toMatch(
      /^The device sent an oversized reply: the device sent a sentence larger than 1 MiB \(connection closed\)$/,
    )

    // keep them hostile for more poll rounds (each poll reconnects and meets the flood again)
    const until = Date.now() + 25_000
    while (Date.now() < until) {
      const health = await b.req('GET', '/health')
      expect(health.status).toBe(200)
      expect(server.exit).toBeUndefined()
      await new Promise((r) => setTimeout(r, 1000))
    }
    const last = await devices(b)
    expect(last.find((d) => d.name === 'healthy')?.status).toBe('online')
    for (const [name] of HOSTILE) expect(last.find((d) => d.name === name)?.status).toBe('offline')
    expect(server.exit).toBeUndefined()
    expect(rss.length).toBeGreaterThan(100)
    const peak = Math.max(...rss)
    expect(peak).toBeLessThan(RSS_LIMIT_MB)
    process.stdout.write(
      `hostile devices: server RSS peak ${peak.toFixed(0)} MB (${calm.toFixed(0)} MB before), ${rss.length} samples\n`,
    )
  }, 150_000)
})
